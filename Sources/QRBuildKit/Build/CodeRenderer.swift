import QRCore
import QRRender
import QRStyle

/// One code's image, as its style and return type say.
enum CodeRenderer {
    /// A code whose style cannot be printed: the logo does not fit, or zbar does not read it.
    struct Unprintable: Error, CustomStringConvertible {
        let description: String
        /// Whether `description` already names the manifest's place (file:line:col: path).
        var isPlaced = false
    }

    /// The image file of `code`; with `verify`, a styled image is read back with zbar first.
    /// `dpi` is recorded in a PNG.
    static func render(_ code: Manifest.Code, as format: Manifest.ReturnType? = nil, in manifest: Manifest, verify: Bool = false,
                       dpi: Int? = nil) throws -> [UInt8] {
        let returnType = format ?? code.returnType
        let options = QREncodingOptions(errorCorrectionLevel: code.style.errorCorrection)
        let text = manifest.encodedText(of: code)
        var symbol = try QRCode.encode(text: text, options: options)
        let style = RenderStyle(margin: code.style.margin, foreground: code.style.foreground, background: code.style.background)
        let shapes = code.style.shapes
        switch returnType {
        case .svg where shapes.isPlain:
            return Array(SVGRenderer(style: style).render(symbol).utf8)
        case .png where shapes.isPlain:
            return try PNGRenderer(style: style, scale: .pixelsPerModule(code.style.scale), dpi: dpi).render(symbol)
        case .svg, .png, .pdf, .eps:
            // Styled, or a vector print format: drawn from one model. A millimetre per
            // module for print, as `render` does without `--size`.
            let logo = try shapes.logo.map { spec throws(BuildError) in
                guard let loaded = manifest.logos[spec.file] else { throw .io("the logo \(spec.file) was not read") }
                return loaded.image
            }
            let codeStyle = shapes.codeStyle(style, logo: logo)
            symbol = try LogoVersion.fitting(symbol, logo: codeStyle.logo, options: options) { options in
                try QRCode.encode(text: text, options: options)
            }
            let styled = StyledRenderer(style: codeStyle)
            let millimetre = 72 / 25.4
            let format: StyledRenderer.Format = switch returnType {
            case .pdf: .pdf(.pointsPerModule(millimetre))
            case .eps: .eps(.pointsPerModule(millimetre))
            case .svg: .svg(size: nil)
            case .png: .png(pixelsPerModule: code.style.scale, dpi: dpi)
            }
            let output: StyledRenderer.Output
            do {
                output = try styled.render(symbol, as: format, keepingGray: verify && !shapes.isPlain)
            } catch {
                if error.isLogoSize, let spec = shapes.logo {
                    let place = spec.sizeLocation.map { "\(manifest.sourceName):\($0): codes[\(code.index)].style.logo.size" }
                        ?? "\(manifest.sourceName): codes[\(code.index)].style.logo"
                    throw Unprintable(description: "\(place): \(error.description)", isPlaced: true)
                }
                throw Unprintable(description: error.description)
            }
            if verify, !shapes.isPlain, let problem = DecodeCheck.problem(output.gray, payload: Array(manifest.encodedText(of: code).utf8)) {
                throw Unprintable(description: "the styled image does not scan: \(problem)")
            }
            return output.bytes
        }
    }
}
