/// The segments → codewords layer: the bit stream, its padding, and error correction.
public enum Codewords {
    /// Data bits a symbol of `version` holds at `level`.
    ///
    /// - Complexity: O(1).
    public static func dataCapacityBits(version: QRVersion, level: ErrorCorrectionLevel) -> Int {
        BlockStructure(version: version, level: level).dataCodewords * 8
    }

    /// The data codewords for `segments`: headers, data, a terminator of up to four zero
    /// bits, zero bits to a byte boundary, then the pad bytes 0xEC and 0x11 in turn.
    ///
    /// - Returns: `nil` when the segments do not fit `version` at `level`.
    /// - Complexity: O(total bits).
    public static func data(
        for segments: [QRSegment], version: QRVersion, level: ErrorCorrectionLevel
    ) -> [UInt8]? {
        let capacity = dataCapacityBits(version: version, level: level)
        guard let used = QRSegment.totalBits(segments, at: version), used <= capacity else { return nil }
        var bits = BitBuffer(minimumCapacity: capacity)
        for segment in segments {
            bits.append(segment.mode.indicator, bits: 4)
            bits.append(segment.characterCount, bits: version.characterCountBits(for: segment.mode))
            bits.append(contentsOf: segment.data)
        }
        bits.append(0, bits: min(4, capacity - bits.count))
        bits.append(0, bits: (8 - bits.count % 8) % 8)
        var pad = 0xEC
        while bits.count < capacity {
            bits.append(pad, bits: 8)
            pad ^= 0xEC ^ 0x11
        }
        return bits.bytes
    }

    /// All codewords for `data`: split into blocks, each given its Reed–Solomon
    /// codewords, and interleaved in the order they are placed in the symbol.
    ///
    /// - Precondition: `data.count` is the data codeword count of `version` at `level`.
    /// - Complexity: O(*n* · ECC codewords per block).
    public static func interleaved(
        data: [UInt8], version: QRVersion, level: ErrorCorrectionLevel
    ) -> [UInt8] {
        BlockStructure(version: version, level: level).interleave(data)
    }
}
