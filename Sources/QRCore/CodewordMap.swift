/// Which codeword, and so which Reed–Solomon block, each module of a symbol carries: what
/// a logo placed over the symbol takes away from each block's error correction.
public struct CodewordMap: Sendable {
    /// What a module carries.
    public enum Content: Equatable, Sendable {
        /// A function pattern: finder, separator, timing, alignment, format or version information.
        case function
        /// One of the remainder bits after the last codeword (they carry nothing).
        case remainder
        /// A bit of the codeword at this index in the interleaved sequence.
        case codeword(Int)
    }

    public let version: QRVersion
    public let level: ErrorCorrectionLevel
    public let size: Int
    /// Per module (`y * size + x`): the interleaved codeword index, -1 for function
    /// patterns, -2 for remainder bits.
    private let codewordOfModule: [Int32]
    private let blocks: BlockStructure

    /// Complexity: O(size²).
    public init(version: QRVersion, level: ErrorCorrectionLevel) {
        self.version = version
        self.level = level
        size = version.size
        blocks = BlockStructure(version: version, level: level)
        var map = [Int32](repeating: -1, count: version.size * version.size)
        let total = blocks.totalCodewords
        for (bit, module) in SymbolTemplate.dataModuleOrder(for: version).enumerated() {
            map[module.y * version.size + module.x] = bit / 8 < total ? Int32(bit / 8) : -2
        }
        codewordOfModule = map
    }

    /// What the module at (`x`, `y`) carries.
    public func content(x: Int, y: Int) -> Content {
        let value = codewordOfModule[y * size + x]
        return value == -1 ? .function : value == -2 ? .remainder : .codeword(Int(value))
    }

    /// Reed–Solomon blocks in the symbol.
    public var blockCount: Int { blocks.blockCount }

    /// The block the interleaved codeword `index` belongs to: data codewords are dealt to
    /// the blocks in turn (the long blocks take the last ones alone), then the ECC codewords.
    public func block(ofCodeword index: Int) -> Int {
        let data = blocks.dataCodewords
        let shortLength = blocks.shortBlockDataLength
        if index >= data { return (index - data) % blocks.blockCount }
        if index < shortLength * blocks.blockCount { return index % blocks.blockCount }
        return blocks.shortBlockCount + (index - shortLength * blocks.blockCount)
    }

    /// Codewords a block may lose to a logo: half of what it can correct. A block of e
    /// ECC codewords corrects ⌊(e − p)/2⌋ wrong codewords, where p codewords guard small
    /// symbols against misdecoding (ISO/IEC 18004 table 9: versions 1 to 3); half of that
    /// is left for dirt, curvature and glare on the printed code.
    public var codewordsEachBlockMayLose: Int {
        (blocks.eccPerBlock - Self.misdecodeProtection(version: version.number, level: level)) / 2 / 2
    }

    /// The codewords table 9 sets aside against misdecoding.
    static func misdecodeProtection(version: Int, level: ErrorCorrectionLevel) -> Int {
        switch (version, level) {
        case (1, .low): 3
        case (1, .medium), (2, .low): 2
        case (1, _), (3, .low): 1
        default: 0
        }
    }
}
