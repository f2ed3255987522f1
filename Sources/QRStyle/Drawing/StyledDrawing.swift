import QRRender

/// A styled code as a list of filled shapes, in module units, before any output format:
/// cairo paints it into PNG, PDF and EPS, and `StyledSVGWriter` writes it as SVG, so every
/// format shows the same picture.
public struct StyledDrawing: Sendable {
    /// How a layer is filled.
    public enum Paint: Hashable, Sendable {
        case solid(RGBAColor)
        /// A gradient laid over the square of `side` modules at (`x`, `y`): the symbol.
        case gradient(StyleGradient, x: Double, y: Double, side: Double)
    }

    /// One colour layer: everything drawn in one paint, filled even-odd (no two shapes of
    /// a layer overlap, and a finder's ring is its outline less its hole).
    public struct Layer: Sendable {
        public var paint: Paint
        public var path: VectorPath
    }

    /// A logo drawn into a box, clipped to a circle when its footprint is round.
    public struct PlacedLogo: Sendable {
        public var image: LogoImage
        public var x, y, width, height: Double
        public var clipsToCircle: Bool
    }

    /// The page's width and height in modules: quiet zone and frame included.
    public var width: Double
    public var height: Double
    /// Drawn in order, below the logo.
    public var layers: [Layer] = []
    public var logo: PlacedLogo?
    /// Drawn in order, above the logo (the frame's text).
    public var overlays: [Layer] = []

    /// The layer painted `paint` at or after `first`, made if there is none yet; layers
    /// before `first` (the frame, the field) are never drawn into again.
    mutating func layer(_ paint: Paint, from first: Int) -> Int {
        if let index = layers[first...].lastIndex(where: { $0.paint == paint }) { return index }
        layers.append(Layer(paint: paint, path: VectorPath()))
        return layers.count - 1
    }
}
