import Foundation
import QRCore
import QRRender
import QRStyle

/// Why a static render failed; each case says what to change.
public enum StaticRenderError: Error, Hashable, Sendable, CustomStringConvertible {
    case emptyData
    case invalidData(String)
    case encoding(QREncodingError)
    case png(PNGRenderer.RenderError)
    case sizeNeedsDPI
    case invalidDPI(Int)
    case invalidMargin(Int)
    case jsonNeedsImageFormat(StaticRenderRequest.Format)
    /// Styles are drawn in PNG, SVG, PDF and EPS (not in terminal text or the matrix).
    case styleNeedsFormat(StaticRenderRequest.Format)
    /// cairo could not draw or write the styled code, or the logo does not fit.
    case styled(String)
    /// `--verify`: zbar does not read the styled image back.
    case unreadable(String)

    public var description: String {
        switch self {
        case .encoding(let error):
            if case .dataTooLong = error {
                return "\(error); lower the error correction level, allow a larger version, or shorten the data"
            }
            return error.description
        case .png(let error): return error.description
        case .emptyData: return "the data is empty: there is nothing to encode"
        case .invalidData(let details): return details
        case .sizeNeedsDPI: return "a PNG with --size needs --dpi to know how many pixels that is"
        case .invalidDPI(let dpi): return "dpi must be between 1 and 10000 (got \(dpi))"
        case .invalidMargin(let margin): return "margin must be between 0 and 100 modules (got \(margin))"
        case .jsonNeedsImageFormat(let format):
            return "--json returns an image; use --format png, svg, pdf or eps (got \(format.rawValue))"
        case .styleNeedsFormat(let format):
            return "shapes, finders, gradients, logos and frames are drawn in png, svg, pdf and eps; --format \(format.rawValue) draws plain squares only"
        case .styled(let message): return message
        case .unreadable(let message): return "the styled image does not scan: \(message)"
        }
    }

    /// Whether the input data itself is the problem (rather than an option).
    public var isDataError: Bool {
        switch self {
        case .encoding(.dataTooLong), .emptyData, .invalidData, .styled, .unreadable: true
        default: false
        }
    }
}

/// The result of a static render: the symbol and its rendering in the requested format.
public struct StaticRenderResult: Sendable {
    public let code: QRCode
    public let format: StaticRenderRequest.Format
    public let dataType: String
    /// The rendered file: PNG bytes, or UTF-8 text for the other formats.
    public let output: [UInt8]

    /// The hosted API's static-render response:
    /// `{"type":"static","dataType":…,"format":…,"image":…}`, with a PNG as a `data:` URI.
    public func json() throws(StaticRenderError) -> String {
        let image: String
        switch format {
        case .svg: image = String(decoding: output, as: UTF8.self)
        case .png: image = "data:image/png;base64," + Data(output).base64EncodedString()
        case .pdf: image = "data:application/pdf;base64," + Data(output).base64EncodedString()
        case .eps: image = "data:application/postscript;base64," + Data(output).base64EncodedString()
        case .terminal, .matrix: throw .jsonNeedsImageFormat(format)
        }
        let fields = [("type", "static"), ("dataType", dataType), ("format", format.rawValue), ("image", image)]
        return "{" + fields.map { "\(JSONText.quoted($0.0)):\(JSONText.quoted($0.1))" }.joined(separator: ",") + "}\n"
    }
}

/// Renders static codes: the engine behind `qrbuild render` and `POST /api/qr/static`.
public enum StaticRenderer {
    /// Encodes and renders `request`. Nothing is written anywhere.
    public static func render(_ request: StaticRenderRequest) throws(StaticRenderError) -> StaticRenderResult {
        guard !request.data.isEmpty else { throw .emptyData }
        guard (0...100).contains(request.style.margin) else { throw .invalidMargin(request.style.margin) }
        if let dpi = request.dpi, !(1...10_000).contains(dpi) { throw .invalidDPI(dpi) }
        func encode(_ options: QREncodingOptions) throws(StaticRenderError) -> QRCode {
            do {
                if let text = request.text { return try QRCode.encode(text: text, options: options) }
                return try QRCode.encode(bytes: request.data, options: options)
            } catch {
                throw .encoding(error)
            }
        }
        var code = try encode(request.encoding)
        if let logo = request.logo, let spec = request.shapes.logo {
            code = try LogoVersion.fitting(code, logo: spec.style(image: logo, field: request.style.background), options: request.encoding, encode: encode)
        }
        if !request.shapes.isPlain, ![.png, .svg, .pdf, .eps].contains(request.format) { throw .styleNeedsFormat(request.format) }
        let output: [UInt8]
        switch request.format {
        case .pdf, .eps:
            output = try styled(code, request)
        case .png where !request.shapes.isPlain, .svg where !request.shapes.isPlain:
            output = try styled(code, request)
        case .svg:
            output = Array(SVGRenderer(style: request.style, size: request.size).render(code).utf8)
        case .png:
            var scale = request.scale
            if let size = request.size {
                guard let dpi = request.dpi else { throw .sizeNeedsDPI }
                scale = .width(Int((size.inches * Double(dpi)).rounded()))
            }
            do {
                output = try PNGRenderer(style: request.style, scale: scale, dpi: request.dpi).render(code)
            } catch {
                throw .png(error)
            }
        case .terminal:
            output = Array(TerminalRenderer(margin: request.style.margin, ansiColors: request.terminalColors).render(code).utf8)
        case .matrix:
            output = Array(MatrixTextRenderer.render(code).utf8)
        }
        return StaticRenderResult(code: code, format: request.format, dataType: request.dataType, output: output)
    }

    /// Shapes, finders and gradients, and the vector formats, drawn with cairo.
    private static func styled(_ code: QRCode, _ request: StaticRenderRequest) throws(StaticRenderError) -> [UInt8] {
        // Every colour that draws dark modules must stand out from the field: each
        // gradient stop and the finders' colours too.
        if let problem = request.shapes.contrastProblem(on: request.style.background) { throw .invalidData(problem) }
        if let spec = request.shapes.logo, request.logo == nil { throw .styled("the logo \(spec.file) was not read") }
        let style = request.shapes.codeStyle(request.style, logo: request.logo)
        let modules = Double(code.size + 2 * request.style.margin)
        let format: StyledRenderer.Format
        switch request.format {
        case .pdf, .eps:
            // Printed size: --size, else a millimetre per module (a 33-module code is 33 mm).
            let size: StyledRenderer.PrintSize = request.size.map { .width(points: $0.inches * 72) } ?? .pointsPerModule(72 / 25.4)
            format = request.format == .pdf ? .pdf(size) : .eps(size)
        case .svg:
            format = .svg(size: request.size)
        default:
            var pixels = 10
            switch request.scale {
            case .pixelsPerModule(let scale): pixels = scale
            case .width(let width): pixels = max(1, width / Int(modules))
            }
            if let size = request.size, let dpi = request.dpi { pixels = max(1, Int((size.inches * Double(dpi)).rounded()) / Int(modules)) }
            format = .png(pixelsPerModule: pixels, dpi: request.dpi)
        }
        let verifying = request.verify && !request.shapes.isPlain
        let output: StyledRenderer.Output
        do {
            output = try StyledRenderer(style: style).render(code, as: format, keepingGray: verifying)
        } catch {
            throw .styled(error.description)
        }
        if verifying, let problem = DecodeCheck.problem(output.gray, payload: request.data) { throw .unreadable(problem) }
        return output.bytes
    }
}
