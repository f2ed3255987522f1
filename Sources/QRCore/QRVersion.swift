/// A QR Code symbol version: 1 (21×21 modules) through 40 (177×177 modules).
///
/// The initializer is range-checked, so a `QRVersion` value is always valid.
public struct QRVersion: Hashable, Comparable, Sendable {
    /// The version number, 1...40.
    public let number: Int

    /// The smallest version, 1.
    public static let minimum = QRVersion(unchecked: 1)
    /// The largest version, 40.
    public static let maximum = QRVersion(unchecked: 40)
    /// Every valid version number.
    public static let range: ClosedRange<Int> = 1...40

    /// Creates a version, or `nil` when `number` is outside 1...40.
    public init?(_ number: Int) {
        guard Self.range.contains(number) else { return nil }
        self.number = number
    }

    init(unchecked number: Int) {
        self.number = number
    }

    /// The width and height of the symbol in modules, quiet zone excluded.
    public var size: Int { number * 4 + 17 }

    /// How many bits of data and error correction the symbol holds, after
    /// the function patterns (finders, timing, alignment, format, version) are placed.
    ///
    /// - Complexity: O(1).
    var rawDataModuleCount: Int {
        let v = number
        var modules = size * size
        modules -= 3 * 8 * 8          // three finder patterns with their separators
        modules -= 2 * (size - 16)    // the two timing patterns between the finders
        modules -= 2 * 15 + 1         // two copies of the format information, the dark module
        if v >= 2 {
            let count = v / 7 + 2     // alignment positions per axis
            let patterns = count * count - 3
            modules -= patterns * 25
            // Alignment patterns on row or column 6 overlap the timing patterns by 5 modules each.
            modules += 2 * (count - 2) * 5
        }
        if v >= 7 {
            modules -= 2 * 18         // two copies of the version information
        }
        return modules
    }

    /// How many 8-bit codewords (data plus error correction) the symbol holds.
    var codewordCount: Int { rawDataModuleCount / 8 }

    /// The number of bits in a segment's character count field for this version.
    func characterCountBits(for mode: SegmentMode) -> Int {
        mode.characterCountBits[sizeClass]
    }

    /// Which of the three character-count-width classes this version is in:
    /// 0 for 1–9, 1 for 10–26, 2 for 27–40.
    var sizeClass: Int {
        number <= 9 ? 0 : number <= 26 ? 1 : 2
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.number < rhs.number }
}

extension QRVersion: CustomStringConvertible {
    public var description: String { "\(number)" }
}
