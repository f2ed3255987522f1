/// Choices that shape how data becomes a symbol.
public struct QREncodingOptions: Hashable, Sendable {
    /// When to write an ECI designator that declares byte-mode data UTF-8.
    public enum ECIPolicy: Hashable, Sendable {
        /// Declare UTF-8 only when a byte segment holds non-ASCII text. Without it, some
        /// decoders (zbar among them) guess Shift JIS and show garbage.
        case automatic
        /// Never declare it: for the scanners that choke on ECI headers.
        case never
    }

    /// How to split data into segments.
    public enum Segmentation: Hashable, Sendable {
        /// The mix of modes that gives the shortest bit stream.
        case optimal
        /// One byte-mode segment, as many libraries do; useful for interoperability checks.
        case singleByteSegment
    }

    /// The requested error correction level.
    public var errorCorrectionLevel: ErrorCorrectionLevel
    /// The smallest version to use.
    public var minimumVersion: QRVersion
    /// The largest version to use; encoding fails when the data does not fit it.
    public var maximumVersion: QRVersion
    /// A fixed mask, or `nil` to pick the one with the lowest penalty.
    public var mask: QRMask?
    /// Raise the error correction level as far as the chosen version allows.
    public var boostErrorCorrection: Bool
    public var eciPolicy: ECIPolicy
    public var segmentation: Segmentation

    public init(
        errorCorrectionLevel: ErrorCorrectionLevel = .medium,
        minimumVersion: QRVersion = .minimum,
        maximumVersion: QRVersion = .maximum,
        mask: QRMask? = nil,
        boostErrorCorrection: Bool = false,
        eciPolicy: ECIPolicy = .automatic,
        segmentation: Segmentation = .optimal
    ) {
        self.errorCorrectionLevel = errorCorrectionLevel
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.mask = mask
        self.boostErrorCorrection = boostErrorCorrection
        self.eciPolicy = eciPolicy
        self.segmentation = segmentation
    }

    /// Fixes the version: both bounds set to `version`.
    public mutating func fixVersion(_ version: QRVersion) {
        minimumVersion = version
        maximumVersion = version
    }
}
