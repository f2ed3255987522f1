extension QRSegment {
    /// Splits `text` into segments whose total bit length at `version` is the shortest possible,
    /// mixing numeric, alphanumeric, byte (UTF-8) and kanji modes.
    ///
    /// The result depends only on the version's count-field class (1–9, 10–26, 27–40).
    /// Segments longer than a count field can hold are split.
    ///
    /// - Complexity: O(*n*) in the number of Unicode scalars.
    public static func optimalSegments(for text: String, version: QRVersion) -> [QRSegment] {
        let scalars = Array(text.unicodeScalars)
        let units = scalars.map { scalar in
            let ascii = scalar.isASCII ? UInt8(scalar.value) : nil
            return SegmentOptimizer.Unit(
                byteLength: UTF8.width(scalar),
                isDigit: ascii.map(CharacterClass.isDigit) ?? false,
                isAlphanumeric: ascii.flatMap(CharacterClass.alphanumericValue) != nil,
                kanjiValue: KanjiTable.value(for: scalar)
            )
        }
        let modes = SegmentOptimizer.modes(for: units, version: version)
        return assemble(modes: modes, units: units, version: version) { mode, range in
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[range])
            return segment(mode: mode, text: String(piece))
        }
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
        let modes = SegmentOptimizer.modes(for: units, version: version)
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
