extension QRCode {
    /// Encodes `text` (as UTF-8, with kanji mode where shorter) in the smallest symbol
    /// the options allow.
    ///
    /// - Throws: ``QREncodingError/dataTooLong(_:)`` when even the maximum version is too small.
    /// - Complexity: O(*n*) to segment, plus O(size²) per mask tried.
    public static func encode(
        text: String, options: QREncodingOptions = QREncodingOptions()
    ) throws(QREncodingError) -> QRCode {
        try encode(options: options) { version in
            switch options.segmentation {
            case .optimal:
                return QRSegment.optimalSegments(for: text, version: version, eciPolicy: options.eciPolicy)
            case .singleByteSegment:
                let bytes = Array(text.utf8)
                let declare = options.eciPolicy == .automatic && bytes.contains { $0 >= 0x80 }
                return (declare ? [QRSegment.eci(QRSegment.utf8Assignment)] : []) + [QRSegment.bytes(bytes)]
            }
        }
    }

    /// Encodes binary `bytes`; each decodes back as itself. No ECI designator is written,
    /// since the bytes are not declared to be text in any encoding.
    ///
    /// - Throws: ``QREncodingError/dataTooLong(_:)`` when even the maximum version is too small.
    public static func encode(
        bytes: [UInt8], options: QREncodingOptions = QREncodingOptions()
    ) throws(QREncodingError) -> QRCode {
        try encode(options: options) { version in
            switch options.segmentation {
            case .optimal: QRSegment.optimalSegments(forBytes: bytes, version: version)
            case .singleByteSegment: [QRSegment.bytes(bytes)]
            }
        }
    }

    /// Encodes ready-made `segments` in the smallest symbol the options allow.
    /// `options.segmentation` and `options.eciPolicy` do not apply.
    public static func encode(
        segments: [QRSegment], options: QREncodingOptions = QREncodingOptions()
    ) throws(QREncodingError) -> QRCode {
        try encode(options: options) { _ in segments }
    }

    /// Finds the smallest version in the options' range that fits the segments made for it.
    ///
    /// Segmentation depends only on the version's count-field class, so `makeSegments`
    /// runs at most once per class.
    private static func encode(
        options: QREncodingOptions, makeSegments: (QRVersion) -> [QRSegment]
    ) throws(QREncodingError) -> QRCode {
        let lowest = options.minimumVersion
        let highest = options.maximumVersion
        guard lowest <= highest else {
            throw .invalidVersionRange(minimum: lowest, maximum: highest)
        }
        let level = options.errorCorrectionLevel
        var segments: [QRSegment] = []
        var segmentClass = -1
        var fit: (version: QRVersion, bits: Int)?
        var requiredAtHighest = 0
        for number in lowest.number...highest.number {
            let version = QRVersion(unchecked: number)
            if version.sizeClass != segmentClass {
                segments = makeSegments(version)
                segmentClass = version.sizeClass
            }
            guard let bits = QRSegment.totalBits(segments, at: version) else {
                requiredAtHighest = Int.max
                continue
            }
            requiredAtHighest = bits
            if bits <= Codewords.dataCapacityBits(version: version, level: level) {
                fit = (version, bits)
                break
            }
        }
        guard let fit else {
            throw .dataTooLong(.init(
                requiredBits: requiredAtHighest,
                capacityBits: Codewords.dataCapacityBits(version: highest, level: level),
                version: highest, level: level))
        }
        var chosenLevel = level
        if options.boostErrorCorrection {
            for stronger in ErrorCorrectionLevel.allCases where stronger > level
                && fit.bits <= Codewords.dataCapacityBits(version: fit.version, level: stronger) {
                chosenLevel = stronger
            }
        }
        guard let data = Codewords.data(for: segments, version: fit.version, level: chosenLevel) else {
            preconditionFailure("segments measured to fit do not fit")
        }
        let codewords = Codewords.interleaved(data: data, version: fit.version, level: chosenLevel)
        return QRCode(version: fit.version, level: chosenLevel, codewords: codewords, mask: options.mask)
    }
}
