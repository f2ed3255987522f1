/// How a symbol looks on the page: quiet zone and colours.
public struct RenderStyle: Hashable, Sendable {
    /// The quiet zone around the symbol, in modules. The standard asks for 4.
    public var margin: Int
    /// The colour of dark modules.
    public var foreground: RGBAColor
    /// The colour of light modules and the quiet zone; may be transparent.
    public var background: RGBAColor

    public init(margin: Int = 4, foreground: RGBAColor = .black, background: RGBAColor = .white) {
        self.margin = margin
        self.foreground = foreground
        self.background = background
    }
}
