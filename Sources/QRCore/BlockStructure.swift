/// How a version and level divide their codewords into Reed–Solomon blocks
/// (ISO/IEC 18004, table 9).
struct BlockStructure {
    /// Error correction codewords in each block.
    let eccPerBlock: Int
    /// How many blocks the codewords are split into.
    let blockCount: Int
    /// All codewords in the symbol.
    let totalCodewords: Int

    init(version: QRVersion, level: ErrorCorrectionLevel) {
        eccPerBlock = Self.eccCodewordsPerBlock[level.rawValue][version.number - 1]
        blockCount = Self.blocks[level.rawValue][version.number - 1]
        totalCodewords = version.codewordCount
    }

    /// Codewords left for data after error correction.
    var dataCodewords: Int { totalCodewords - eccPerBlock * blockCount }

    /// Blocks with one data codeword fewer come first; this many of them.
    var shortBlockCount: Int { blockCount - totalCodewords % blockCount }

    /// Data codewords in a short block.
    var shortBlockDataLength: Int { totalCodewords / blockCount - eccPerBlock }

    /// Splits `data` into blocks, adds each block's error correction, and interleaves
    /// the lot: first the i-th data codeword of every block, then the i-th ECC codeword.
    ///
    /// - Precondition: `data.count == dataCodewords`.
    /// - Complexity: O(*n* · eccPerBlock).
    func interleave(_ data: [UInt8]) -> [UInt8] {
        precondition(data.count == dataCodewords, "wrong number of data codewords")
        let shortLength = shortBlockDataLength
        // Where block b's data starts: the short blocks come first, one codeword shorter.
        func start(ofBlock block: Int) -> Int { block * shortLength + max(0, block - shortBlockCount) }
        func length(ofBlock block: Int) -> Int { shortLength + (block < shortBlockCount ? 0 : 1) }
        // Flat buffers, block after block: an array per block cost a retain and release per
        // codeword placed (measured: a tenth of encoding a small symbol).
        return data.withUnsafeBufferPointer { data in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, eccPerBlock * blockCount)) { ecc in
                for block in 0..<blockCount {
                    let blockData = UnsafeBufferPointer(rebasing: data[start(ofBlock: block)..<(start(ofBlock: block) + length(ofBlock: block))])
                    ReedSolomon.remainder(
                        of: blockData, into: UnsafeMutableBufferPointer(rebasing: ecc[(block * eccPerBlock)..<((block + 1) * eccPerBlock)]))
                }
                return [UInt8](unsafeUninitializedCapacity: totalCodewords) { result, count in
                    count = 0
                    for index in 0...shortLength {
                        for block in 0..<blockCount where index < length(ofBlock: block) {
                            result[count] = data[start(ofBlock: block) + index]
                            count += 1
                        }
                    }
                    for index in 0..<eccPerBlock {
                        for block in 0..<blockCount {
                            result[count] = ecc[block * eccPerBlock + index]
                            count += 1
                        }
                    }
                }
            }
        }
    }

    /// ECC codewords per block, by level (L, M, Q, H) and version 1...40.
    private static let eccCodewordsPerBlock: [[Int]] = [
        [7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
         28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
         26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
        [13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
         28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
         30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    ]

    /// Error correction blocks, by level (L, M, Q, H) and version 1...40.
    private static let blocks: [[Int]] = [
        [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
         8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
         17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
         23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
         25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ]
}
