import QRCore
import QRRender

/// One code's image, as its style and return type say.
enum CodeRenderer {
    static func render(_ code: Manifest.Code, in manifest: Manifest) throws -> [UInt8] {
        let options = QREncodingOptions(errorCorrectionLevel: code.style.errorCorrection)
        let symbol = try QRCode.encode(text: manifest.encodedText(of: code), options: options)
        let style = RenderStyle(margin: code.style.margin, foreground: code.style.foreground, background: code.style.background)
        switch code.returnType {
        case .svg: return Array(SVGRenderer(style: style).render(symbol).utf8)
        case .png: return try PNGRenderer(style: style, scale: .pixelsPerModule(code.style.scale)).render(symbol)
        }
    }
}
