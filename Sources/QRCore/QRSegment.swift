/// A run of data in one mode: the unit the encoder packs into the bit stream.
///
/// Build segments with the factory methods, or let ``QRSegment/optimalSegments(for:version:)``
/// split text into the mix of modes that gives the shortest bit stream.
public struct QRSegment: Hashable, Sendable {
    /// The mode that packs this segment.
    public let mode: SegmentMode
    /// The character count written in the segment header
    /// (digits, characters, bytes or kanji; zero for ECI).
    public let characterCount: Int
    /// The segment's data bits, header excluded.
    public let data: BitBuffer

    /// Creates a segment from already-packed bits.
    public init(mode: SegmentMode, characterCount: Int, data: BitBuffer) {
        self.mode = mode
        self.characterCount = characterCount
        self.data = data
    }

    /// The segment's length in bits at `version`, header included; `nil` when the
    /// character count does not fit the header's count field.
    ///
    /// - Complexity: O(1).
    public func bitLength(at version: QRVersion) -> Int? {
        let countBits = version.characterCountBits(for: mode)
        guard characterCount < 1 << countBits || mode == .eci else { return nil }
        return 4 + countBits + data.count
    }

    /// The total length of `segments` at `version`; `nil` when any count overflows its field.
    ///
    /// - Complexity: O(*n*) in the number of segments.
    public static func totalBits(_ segments: [QRSegment], at version: QRVersion) -> Int? {
        var total = 0
        for segment in segments {
            guard let bits = segment.bitLength(at: version) else { return nil }
            total += bits
        }
        return total
    }
}

extension QRSegment {
    /// A byte-mode segment holding `bytes` as they are.
    ///
    /// - Complexity: O(*n*).
    public static func bytes(_ bytes: some Collection<UInt8>) -> QRSegment {
        var bits = BitBuffer(minimumCapacity: bytes.count * 8)
        bits.appendPacked(bytes, bitCount: bytes.count * 8)
        return QRSegment(mode: .byte, characterCount: bytes.count, data: bits)
    }

    /// A numeric segment, or `nil` when `digits` holds anything but ASCII 0–9.
    ///
    /// - Complexity: O(*n*).
    public static func numeric(_ digits: some StringProtocol) -> QRSegment? {
        var bits = BitBuffer(minimumCapacity: digits.utf8.count * 10 / 3 + 4)
        var group = 0
        var groupLength = 0
        for unit in digits.utf8 {
            guard CharacterClass.isDigit(unit) else { return nil }
            group = group * 10 + Int(unit - 0x30)
            groupLength += 1
            if groupLength == 3 {
                bits.append(group, bits: 10)
                group = 0
                groupLength = 0
            }
        }
        if groupLength > 0 { bits.append(group, bits: groupLength * 3 + 1) }
        return QRSegment(mode: .numeric, characterCount: digits.utf8.count, data: bits)
    }

    /// An alphanumeric segment, or `nil` when `text` holds a character outside
    /// `0–9 A–Z $%*+-./:` and space.
    ///
    /// - Complexity: O(*n*).
    public static func alphanumeric(_ text: some StringProtocol) -> QRSegment? {
        var bits = BitBuffer(minimumCapacity: text.utf8.count * 11 / 2 + 6)
        var pending: Int?
        for unit in text.utf8 {
            guard let value = CharacterClass.alphanumericValue(unit) else { return nil }
            if let first = pending {
                bits.append(first * 45 + value, bits: 11)
                pending = nil
            } else {
                pending = value
            }
        }
        if let last = pending { bits.append(last, bits: 6) }
        return QRSegment(mode: .alphanumeric, characterCount: text.utf8.count, data: bits)
    }

    /// A kanji segment, or `nil` when a character has no Shift JIS double-byte code
    /// in the ranges kanji mode covers.
    ///
    /// - Complexity: O(*n* log *k*), *k* being the size of the kanji table.
    public static func kanji(_ text: some StringProtocol) -> QRSegment? {
        var bits = BitBuffer(minimumCapacity: text.unicodeScalars.count * 13)
        var count = 0
        for scalar in text.unicodeScalars {
            guard let value = KanjiTable.value(for: scalar) else { return nil }
            bits.append(value, bits: 13)
            count += 1
        }
        return QRSegment(mode: .kanji, characterCount: count, data: bits)
    }

    /// An ECI designator segment for `assignment` (26 is UTF-8).
    ///
    /// - Precondition: `0 <= assignment < 1_000_000`.
    public static func eci(_ assignment: Int) -> QRSegment {
        precondition(assignment >= 0 && assignment < 1_000_000, "ECI assignment out of range")
        var bits = BitBuffer()
        if assignment < 1 << 7 {
            bits.append(assignment, bits: 8)
        } else if assignment < 1 << 14 {
            bits.append(0b10, bits: 2)
            bits.append(assignment, bits: 14)
        } else {
            bits.append(0b110, bits: 3)
            bits.append(assignment, bits: 21)
        }
        return QRSegment(mode: .eci, characterCount: 0, data: bits)
    }

    /// The ECI assignment number for UTF-8.
    public static let utf8Assignment = 26
}
