/// Image data as its distinct rows, each followed by how many times it occurs in a row:
/// what deflate is given for an image whose pixel rows repeat (a QR module row is
/// `scale` identical pixel rows). The data it stands for is row 0 `repeats[0]` times,
/// then row 1 `repeats[1]` times, and so on.
struct RepeatedRows {
    /// The distinct rows, one after another, each `rowLength` bytes.
    let bytes: [UInt8]
    let rowLength: Int
    /// Per distinct row, how many times it occurs (at least 1).
    let repeats: [Int]

    init(bytes: [UInt8], rowLength: Int, repeats: [Int]) {
        precondition(rowLength > 0 && bytes.count == rowLength * repeats.count && repeats.allSatisfy { $0 >= 1 })
        self.bytes = bytes
        self.rowLength = rowLength
        self.repeats = repeats
    }

    /// Data with no repeated rows: one row of all of it.
    init(_ data: [UInt8]) {
        bytes = data
        rowLength = max(data.count, 1)
        repeats = data.isEmpty ? [] : [1]
    }

    /// The data the rows stand for.
    var expanded: [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(expandedCount)
        for (row, count) in repeats.enumerated() {
            for _ in 0..<count { data += bytes[(row * rowLength)..<((row + 1) * rowLength)] }
        }
        return data
    }

    /// The number of bytes the rows stand for.
    var expandedCount: Int { repeats.reduce(0, +) * rowLength }

    /// The Adler-32 checksum (RFC 1950) of the expanded data, in time proportional to the
    /// distinct rows: a row repeated k times adds k·s1 to A and k·n·A + n·s1·k(k−1)/2 + k·s2
    /// to B, where n is its length, s1 the sum of its bytes and s2 their position-weighted sum.
    ///
    /// - Complexity: O(distinct bytes).
    var adler32: UInt32 {
        let modulus: UInt64 = 65_521
        var a: UInt64 = 1
        var b: UInt64 = 0
        let n = UInt64(rowLength)
        bytes.withUnsafeBufferPointer { buffer in
            for (row, count) in repeats.enumerated() {
                var s1: UInt64 = 0
                var s2: UInt64 = 0
                let start = row * rowLength
                // Chunks of 1024 bytes, summed in 32 bits (at most 1024 · 1025 / 2 · 255 < 2³²)
                // so the loop vectorises, then weighted by the bytes after the chunk.
                var offset = 0
                while offset < rowLength {
                    let end = min(offset + 1024, rowLength)
                    var c1: UInt32 = 0
                    var c2: UInt32 = 0
                    var weight = UInt32(truncatingIfNeeded: end - offset)
                    for byte in UnsafeBufferPointer(rebasing: buffer[(start + offset)..<(start + end)]) {
                        c1 &+= UInt32(byte)
                        c2 &+= weight &* UInt32(byte)
                        weight &-= 1
                    }
                    s2 = (s2 + UInt64(c2) + UInt64(rowLength - end) % modulus * UInt64(c1)) % modulus
                    s1 = (s1 + UInt64(c1)) % modulus
                    offset = end
                }
                let k = UInt64(count) % modulus
                let pairs = UInt64(count) * UInt64(count - 1) / 2 % modulus
                b = (b + k * (n % modulus) % modulus * a % modulus + n % modulus * s1 % modulus * pairs % modulus + k * s2) % modulus
                a = (a + k * s1) % modulus
            }
        }
        return UInt32(b << 16 | a)
    }
}
