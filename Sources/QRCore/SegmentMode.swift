/// How a segment's characters are packed into bits.
public enum SegmentMode: Hashable, Sendable {
    /// Digits 0–9, three to 10 bits.
    case numeric
    /// Digits, upper-case A–Z and ` $%*+-./:`, two to 11 bits.
    case alphanumeric
    /// Any bytes, 8 bits each.
    case byte
    /// Shift JIS double-byte characters, 13 bits each.
    case kanji
    /// An Extended Channel Interpretation designator; it carries no characters.
    case eci

    /// The 4-bit mode indicator.
    var indicator: Int {
        switch self {
        case .numeric: 0x1
        case .alphanumeric: 0x2
        case .byte: 0x4
        case .kanji: 0x8
        case .eci: 0x7
        }
    }

    /// Character count field widths for versions 1–9, 10–26 and 27–40.
    var characterCountBits: [Int] {
        switch self {
        case .numeric: [10, 12, 14]
        case .alphanumeric: [9, 11, 13]
        case .byte: [8, 16, 16]
        case .kanji: [8, 10, 12]
        case .eci: [0, 0, 0]
        }
    }
}
