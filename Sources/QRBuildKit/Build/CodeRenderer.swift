import QRCore
import QRRender
import QRStyle

/// One code's image, as its style and return type say.
enum CodeRenderer {
    static func render(_ code: Manifest.Code, in manifest: Manifest) throws -> [UInt8] {
        let options = QREncodingOptions(errorCorrectionLevel: code.style.errorCorrection)
        let symbol = try QRCode.encode(text: manifest.encodedText(of: code), options: options)
        let style = RenderStyle(margin: code.style.margin, foreground: code.style.foreground, background: code.style.background)
        let shapes = code.style.shapes
        switch code.returnType {
        case .svg:
            return Array(SVGRenderer(style: style).render(symbol).utf8)
        case .png where shapes.isPlain:
            return try PNGRenderer(style: style, scale: .pixelsPerModule(code.style.scale)).render(symbol)
        case .png, .pdf, .eps:
            // Styled, or a vector print format: cairo draws it. A millimetre per module
            // for print, as `render` does without `--size`.
            let styled = StyledRenderer(style: CodeStyle(shape: shapes.shape, finder: shapes.finder, gradient: shapes.gradient,
                                                         foreground: style.foreground, background: style.background, margin: style.margin))
            let points = Double(symbol.size + 2 * style.margin) / 25.4 * 72
            let format: StyledRenderer.Format = switch code.returnType {
            case .pdf: .pdf(points: points)
            case .eps: .eps(points: points)
            default: .png(pixelsPerModule: code.style.scale)
            }
            return try styled.render(symbol, as: format)
        }
    }
}
