import QRCore
import QRRender

/// A logo in the middle of a code: the image, how large, and what it clears.
public struct LogoStyle: Hashable, Sendable {
    public enum Size: Hashable, Sendable {
        /// The largest footprint the code's error correction allows (`LogoBudget`).
        case auto
        /// The logo's width as a fraction of the symbol's width (0 to 0.4).
        case fraction(Double)
    }

    public var image: LogoImage
    public var size: Size
    /// Clear modules around the logo, in modules.
    public var padding: Double
    /// The colour the footprint is filled with; nil leaves the cleared modules' field showing.
    public var background: RGBAColor?
    public var shape: LogoFootprint.Shape

    public init(image: LogoImage, size: Size = .auto, padding: Double = 1, background: RGBAColor? = .white,
                shape: LogoFootprint.Shape = .square) {
        self.image = image
        self.size = size
        self.padding = padding
        self.background = background
        self.shape = shape
    }

    /// Whether this logo can go on a symbol of `version` at `level` (`LogoBudget`'s rule).
    public func fits(version: QRVersion, level: ErrorCorrectionLevel) -> Bool {
        LogoPlacement.fits(self, version: version, level: level)
    }
}
