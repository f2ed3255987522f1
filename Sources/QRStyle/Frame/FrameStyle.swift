import QRRender

/// A border around the code, outside its quiet zone, with a call to action in a band
/// above or below it.
public struct FrameStyle: Hashable, Sendable {
    public enum Position: String, CaseIterable, Sendable {
        case bottom, top
    }

    public static let defaultFont = "DejaVu Sans Bold"

    public var text: String
    public var position: Position
    public var color: RGBAColor
    public var textColor: RGBAColor
    /// A fontconfig family and style, such as "DejaVu Sans Bold"; scripts it lacks fall
    /// back to other installed fonts.
    public var font: String

    public init(text: String, position: Position = .bottom, color: RGBAColor = .black, textColor: RGBAColor? = nil,
                font: String = FrameStyle.defaultFont) {
        self.text = text
        self.position = position
        self.color = color
        // Text in white on a dark frame, black on a light one.
        self.textColor = textColor ?? (color.contrastRatio(with: .white) >= color.contrastRatio(with: .black) ? .white : .black)
        self.font = font
    }
}
