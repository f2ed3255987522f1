/// The standard's four penalty rules (ISO/IEC 18004, 7.8.3), used to pick a mask.
///
/// - N1: each run of 5 or more same-colour modules in a row or column scores 3, plus 1
///   for each module beyond 5.
/// - N2: each 2×2 block of one colour scores 3 (overlapping blocks count separately).
/// - N3: each dark-light-dark×3-light-dark (1:1:3:1:1) pattern in a row or column scores 40
///   for each side on which it has 4 light modules; outside the symbol counts as light,
///   because the quiet zone is.
/// - N4: 10 for every full 5% by which the dark share deviates from 50%.
public enum MaskPenalty {
    /// The total penalty of a finished symbol.
    public static func score(of code: QRCode) -> Int {
        code.modules.withUnsafeBufferPointer { score(modules: $0, size: code.size) }
    }

    /// The total penalty of row-major `modules` of a `size`×`size` symbol.
    ///
    /// - Complexity: O(size²).
    static func score(modules: UnsafeBufferPointer<Bool>, size: Int) -> Int {
        var total = 0
        var darkCount = 0
        for y in 0..<size {
            var line = LineScanner()
            for x in 0..<size { line.feed(modules[y * size + x]) }
            total += line.finish()
        }
        for x in 0..<size {
            var line = LineScanner()
            for y in 0..<size { line.feed(modules[y * size + x]) }
            total += line.finish()
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let colour = modules[y * size + x]
                if colour == modules[y * size + x + 1], colour == modules[(y + 1) * size + x],
                   colour == modules[(y + 1) * size + x + 1] {
                    total += 3
                }
            }
        }
        for module in modules where module { darkCount += 1 }
        let cells = size * size
        // 20·dark/cells − 10 is the deviation from 50% in units of 5%.
        total += abs(darkCount * 20 - cells * 10) / cells * 10
        return total
    }
}

/// Scores N1 and N3 for one row or column, fed a module at a time.
///
/// The last 11 modules sit in a shift register, padded with 4 light modules on
/// each side, so the finder-like patterns are two constant comparisons.
private struct LineScanner {
    private var window: UInt32 = 0
    private var runColour = false
    private var runLength = 0
    private var penalty = 0

    /// `0000 1011101` and `1011101 0000`, newest module in the lowest bit.
    private static let lightBefore: UInt32 = 0b000_0101_1101
    private static let lightAfter: UInt32 = 0b101_1101_0000

    @inline(__always)
    mutating func feed(_ dark: Bool) {
        if dark == runColour && runLength > 0 {
            runLength += 1
        } else {
            closeRun()
            runColour = dark
            runLength = 1
        }
        shift(dark)
    }

    mutating func finish() -> Int {
        closeRun()
        for _ in 0..<4 { shift(false) }
        return penalty
    }

    @inline(__always)
    private mutating func shift(_ dark: Bool) {
        window = (window << 1 | (dark ? 1 : 0)) & 0x7FF
        if window == Self.lightBefore { penalty += 40 }
        if window == Self.lightAfter { penalty += 40 }
    }

    @inline(__always)
    private mutating func closeRun() {
        if runLength >= 5 { penalty += runLength - 2 }
    }
}
