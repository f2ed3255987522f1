import Foundation
import QRCore
import QRRender

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
            return "--json returns an image; use --format png or svg (got \(format.rawValue))"
        }
    }

    /// Whether the input data itself is the problem (rather than an option).
    public var isDataError: Bool {
        switch self {
        case .encoding(.dataTooLong), .emptyData, .invalidData: true
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
        let code: QRCode
        do {
            if let text = request.text {
                code = try QRCode.encode(text: text, options: request.encoding)
            } else {
                code = try QRCode.encode(bytes: request.data, options: request.encoding)
            }
        } catch {
            throw .encoding(error)
        }
        let output: [UInt8]
        switch request.format {
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
}
