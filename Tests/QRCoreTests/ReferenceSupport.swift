import QRCore

/// The SplitMix64 generator the fixture script uses, so a seed gives the same bytes here.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `length` bytes: the low byte of each output.
    static func bytes(seed: UInt64, length: Int) -> [UInt8] {
        var generator = SplitMix64(state: seed)
        return (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }
}

/// FNV-1a over the modules in row-major order, one byte (0 or 1) per module.
func matrixHash(_ code: QRCode) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for module in code.modules {
        hash ^= module ? 1 : 0
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
}

/// Options that pin version, level and mask, as the reference cases do.
func fixedOptions(version: Int, level: ErrorCorrectionLevel, mask: Int) -> QREncodingOptions {
    var options = QREncodingOptions(errorCorrectionLevel: level)
    if let fixed = QRVersion(version) { options.fixVersion(fixed) }
    options.mask = QRMask(mask)
    return options
}
