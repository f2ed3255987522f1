extension QRSegment {
    /// Segments for `text` with the shortest total bit length at `version` that every
    /// common decoder reads back exactly, mixing numeric, alphanumeric, byte and kanji modes.
    ///
    /// Two candidates are compared. In one, non-ASCII text is UTF-8 in byte mode, behind
    /// a UTF-8 ECI designator unless `eciPolicy` is `.never`. In the other, every non-ASCII
    /// character is in kanji mode and no ECI is written; it exists only when Shift JIS
    /// carries all of them. The two are never mixed: zbar and zxing-cpp both misread kanji
    /// segments behind a UTF-8 ECI designator (measured).
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
