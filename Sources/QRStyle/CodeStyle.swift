import QRRender

/// Everything that decides how a styled code looks, beyond the plain renderers' margin
/// and colours.
public struct CodeStyle: Hashable, Sendable {
    public var shape: ModuleShape
    public var finder: FinderStyle
    public var gradient: StyleGradient?
    public var foreground: RGBAColor
    public var background: RGBAColor
    /// The quiet zone, in modules.
    public var margin: Int
    public var logo: LogoStyle?
    public var frame: FrameStyle?

    public init(shape: ModuleShape = .square, finder: FinderStyle = FinderStyle(), gradient: StyleGradient? = nil,
                foreground: RGBAColor = .black, background: RGBAColor = .white, margin: Int = 4,
                logo: LogoStyle? = nil, frame: FrameStyle? = nil) {
        self.shape = shape
        self.finder = finder
        self.gradient = gradient
        self.foreground = foreground
        self.background = background
        self.margin = margin
        self.logo = logo
        self.frame = frame
    }

    /// True when the plain renderers draw it exactly: square modules and finders, no
    /// gradient, logo or frame.
    public var isPlain: Bool {
        shape == .square && finder == FinderStyle() && gradient == nil && logo == nil && frame == nil
    }
}
