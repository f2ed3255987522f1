/// The error correction level of a QR Code symbol.
///
/// Higher levels survive more damage and leave less room for data:
/// roughly 7% (L), 15% (M), 25% (Q) and 30% (H) of codewords can be restored.
public enum ErrorCorrectionLevel: Int, CaseIterable, Comparable, Hashable, Sendable {
    case low = 0
    case medium = 1
    case quartile = 2
    case high = 3

    /// The one-letter name the standard uses: `L`, `M`, `Q` or `H`.
    public var letter: Character {
        switch self {
        case .low: "L"
        case .medium: "M"
        case .quartile: "Q"
        case .high: "H"
        }
    }

    /// Creates a level from its letter, ignoring case; `nil` for anything else.
    public init?(letter: some StringProtocol) {
        switch letter.uppercased() {
        case "L": self = .low
        case "M": self = .medium
        case "Q": self = .quartile
        case "H": self = .high
        default: return nil
        }
    }

    /// The two bits that stand for this level in the format information.
    ///
    /// The standard's order (L=01, M=00, Q=11, H=10) is not the order of strength.
    var formatBits: Int {
        switch self {
        case .low: 1
        case .medium: 0
        case .quartile: 3
        case .high: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
