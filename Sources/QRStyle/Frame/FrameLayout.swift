/// Where a frame's parts go around a field (the symbol and its quiet zone) `fieldWidth`
/// modules wide: a border, a band for the text above or below, the text centred in it.
struct FrameLayout {
    let style: FrameStyle
    let width, height: Double
    /// The field's top-left corner on the page.
    let fieldX, fieldY: Double
    /// The border and band: the page's rounded outline less the field (even-odd).
    let outline: VectorPath
    let text: VectorPath

    init(_ style: FrameStyle, fieldWidth field: Double) throws(StyleRenderError) {
        self.style = style
        let border = max(1, field * 0.04), band = field * 0.2
        width = field + 2 * border
        height = field + 2 * border + band
        fieldX = border
        fieldY = style.position == .top ? border + band : border
        var outline = VectorPath()
        Self.roundedRectangle(0, 0, width, height, radius: 2 * border, into: &outline)
        outline.rectangle(fieldX, fieldY, field, field)
        self.outline = outline
        let bandTop = style.position == .top ? border : border + field
        // The text's line is at most 70% of the band high, and leaves the band's height
        // free across the width, so long calls to action shrink instead of overflowing.
        text = try FrameText.path(style.text, font: style.font, fitting: (width: field - band * 0.5, height: band * 0.7),
                                  centredAt: (x: width / 2, y: bandTop + band / 2))
    }

    private static func roundedRectangle(_ x: Double, _ y: Double, _ width: Double, _ height: Double, radius: Double,
                                         into path: inout VectorPath) {
        path.newSubpath()
        path.arc(centerX: x + width - radius, centerY: y + radius, radius: radius, from: -.pi / 2, to: 0)
        path.arc(centerX: x + width - radius, centerY: y + height - radius, radius: radius, from: 0, to: .pi / 2)
        path.arc(centerX: x + radius, centerY: y + height - radius, radius: radius, from: .pi / 2, to: .pi)
        path.arc(centerX: x + radius, centerY: y + radius, radius: radius, from: .pi, to: 3 * .pi / 2)
        path.close()
    }
}
