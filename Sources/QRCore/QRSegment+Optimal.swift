extension QRSegment {
    /// Segments for `text` with the shortest total bit length at `version` that every
    /// common decoder reads back exactly, mixing numeric, alphanumeric, byte and kanji modes.
    ///
    /// Two candidates are compared. In one, non-ASCII text is UTF-8 in byte mode, behind
    /// a UTF-8 ECI designator unless `eciPolicy` is `.never`. In the other, every non-ASCII
    /// character is in kanji mode and no ECI is written; it exists only when Shift JIS
    /// carries all of them and the text has no `\` or `~`, which Shift JIS reads as ¥ and ‾.
    /// The two are never mixed: zbar and zxing-cpp both misread kanji segments behind a
    /// UTF-8 ECI designator (measured).
    ///
    /// The result depends only on the version's count-field class (1–9, 10–26, 27–40).
    /// Segments longer than a count field can hold are split.
    ///
    /// - Complexity: O(*n*) in the number of Unicode scalars.
    public static func optimalSegments(
        for text: String, version: QRVersion, eciPolicy: QREncodingOptions.ECIPolicy = .automatic
    ) -> [QRSegment] {
        // ASCII text has neither kanji nor an ECI designator, and its segments are those of
        // its bytes: the same answer without a string per segment (most of the time here).
        let bytes = Array(text.utf8)
        if bytes.allSatisfy({ $0 < 0x80 }) { return optimalSegments(forBytes: bytes, version: version) }
        let scalars = Array(text.unicodeScalars)
        var units = scalars.map { scalar in
            let ascii = scalar.isASCII ? UInt8(scalar.value) : nil
            return SegmentOptimizer.Unit(
                byteLength: UTF8.width(scalar),
                isDigit: ascii.map(CharacterClass.isDigit) ?? false,
                isAlphanumeric: ascii.flatMap(CharacterClass.alphanumericValue) != nil,
                kanjiValue: nil
            )
        }
        let make: (SegmentMode, Range<Int>) -> QRSegment = { mode, range in
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[range])
            return segment(mode: mode, text: String(piece))
        }
        let plainModes = SegmentOptimizer.modes(for: units, version: version) ?? []
        var utf8 = assemble(modes: plainModes, units: units, version: version, make: make)
        if eciPolicy == .automatic { utf8.insert(.eci(utf8Assignment), at: 0) }

        // Without an ECI designator, decoders may read the byte segments of a code with kanji
        // as Shift JIS, whose JIS X 0201 half puts ¥ and ‾ where ASCII has \ and ~ (zbar
        // does, measured): text with either stays UTF-8.
        if bytes.contains(0x5C) || bytes.contains(0x7E) { return utf8 }
        for index in units.indices where !scalars[index].isASCII {
            guard let value = KanjiTable.value(for: scalars[index]) else { return utf8 }
            units[index].kanjiValue = value
            units[index].byteAllowed = false
        }
        guard let kanjiModes = SegmentOptimizer.modes(for: units, version: version) else { return utf8 }
        let kanji = assemble(modes: kanjiModes, units: units, version: version, make: make)
        let kanjiBits = totalBits(kanji, at: version) ?? .max
        let utf8Bits = totalBits(utf8, at: version) ?? .max
        return kanjiBits <= utf8Bits ? kanji : utf8
    }

    /// Splits binary `bytes` into the shortest mix of numeric, alphanumeric and byte segments.
    /// Every byte decodes back as itself; kanji mode is not used.
    ///
    /// - Complexity: O(*n*).
    public static func optimalSegments(forBytes bytes: [UInt8], version: QRVersion) -> [QRSegment] {
        guard !byteModeIsOnlyOptimum(bytes) else {
            // What `assemble` makes of all-byte modes: runs as long as the count field holds.
            let limit = (1 << version.characterCountBits(for: .byte)) - 1
            return stride(from: 0, to: bytes.count, by: limit).map { QRSegment.bytes(bytes[$0..<min($0 + limit, bytes.count)]) }
        }
        return shortestSegments(forBytes: bytes, version: version)
    }

    /// True when one byte segment is shorter than every other mix of modes, at every
    /// version, so the dynamic program would choose it: the usual case for URLs, whose
    /// lowercase letters need byte mode. Checked in one pass instead of the program.
    ///
    /// A numeric or alphanumeric segment of m characters inside byte text saves 8m data
    /// bits and costs at least its header (4 + 10 bits numeric, 4 + 9 alphanumeric, at
    /// versions 1–9; more above), and the byte segment around it keeps its own header.
    /// So it is strictly longer for 1 or 2 digits (14 + 4 > 8, 14 + 7 > 16) and for up to 5
    /// alphanumeric characters (13 + 6 > 8, …, 13 + 28 > 40), and such segments lie within
    /// runs of digits and of alphanumeric characters. One character outside the alphanumeric set
    /// means some byte segment is always needed. Ties are excluded, so the answer is the
    /// program's own, not merely as short.
    ///
    /// - Complexity: O(*n*).
    static func byteModeIsOnlyOptimum(_ bytes: [UInt8]) -> Bool {
        var digitRun = 0
        var alphanumericRun = 0
        var needsByteMode = false
        for byte in bytes {
            if CharacterClass.alphanumericValue(byte) == nil {
                needsByteMode = true
                digitRun = 0
                alphanumericRun = 0
                continue
            }
            alphanumericRun += 1
            digitRun = CharacterClass.isDigit(byte) ? digitRun + 1 : 0
            if digitRun > 2 || alphanumericRun > 5 { return false }
        }
        return needsByteMode
    }

    /// `optimalSegments(forBytes:version:)` by the dynamic program alone.
    static func shortestSegments(forBytes bytes: [UInt8], version: QRVersion) -> [QRSegment] {
        let units = bytes.map { byte in
            SegmentOptimizer.Unit(
                byteLength: 1,
                isDigit: CharacterClass.isDigit(byte),
                isAlphanumeric: CharacterClass.alphanumericValue(byte) != nil,
                kanjiValue: nil
            )
        }
        // Byte mode is allowed for every unit, so a shortest encoding always exists.
        let modes = SegmentOptimizer.modes(for: units, version: version) ?? []
        return assemble(modes: modes, units: units, version: version) { mode, range in
            mode == .byte
                ? QRSegment.bytes(bytes[range])
                : segment(mode: mode, text: String(decoding: bytes[range], as: UTF8.self))
        }
    }

    /// Builds one segment per run of equal modes, splitting a run that its count field cannot hold.
    private static func assemble(
        modes: [SegmentMode], units: [SegmentOptimizer.Unit], version: QRVersion,
        make: (SegmentMode, Range<Int>) -> QRSegment
    ) -> [QRSegment] {
        var segments: [QRSegment] = []
        var start = 0
        while start < modes.count {
            let mode = modes[start]
            let limit = (1 << version.characterCountBits(for: mode)) - 1
            var end = start
            var counted = 0
            // Byte mode counts bytes; the other modes count characters.
            while end < modes.count, modes[end] == mode {
                let width = mode == .byte ? units[end].byteLength : 1
                if counted + width > limit { break }
                counted += width
                end += 1
            }
            segments.append(make(mode, start..<end))
            start = end
        }
        return segments
    }

    /// The segment of `mode` for a run the optimizer chose; the run's characters suit that mode.
    private static func segment(mode: SegmentMode, text piece: String) -> QRSegment {
        switch mode {
        case .numeric: if let segment = numeric(piece) { return segment }
        case .alphanumeric: if let segment = alphanumeric(piece) { return segment }
        case .kanji: if let segment = kanji(piece) { return segment }
        case .byte, .eci: break
        }
        return QRSegment.bytes(Array(piece.utf8))
    }
}
