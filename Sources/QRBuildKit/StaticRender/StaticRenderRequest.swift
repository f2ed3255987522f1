import QRCore
import QRPayload
import QRRender
import QRStyle

/// Everything needed to render one static code: the hosted API's `POST /api/qr/static`
/// with the options a print shop needs on top.
public struct StaticRenderRequest: Sendable {
    /// What the image looks like on output.
    public enum Format: String, CaseIterable, Sendable {
        case png, svg, terminal, matrix, pdf, eps
    }

    /// The declared data type, when the payload was built from structured data.
    public var declaredDataType: DataType?

    /// The payload, exactly as it will be encoded. Valid UTF-8 is encoded as text
    /// (optimal modes, kanji, ECI as the options say); anything else as raw bytes.
    public var data: [UInt8]
    public var format: Format
    public var encoding: QREncodingOptions
    public var style: RenderStyle
    public var scale: PNGRenderer.Scale
    /// Pixel density for PNG; with `size` it also fixes the PNG's pixel width.
    public var dpi: Int?
    /// Printed size: SVG `width`/`height`; for PNG, with `dpi`, the pixel width.
    public var size: PhysicalLength?
    /// For the terminal format: set the colours (black on white) with ANSI codes; off
    /// where the user asked for no colour (`NO_COLOR`).
    public var terminalColors = true
    /// Module and finder shapes and a gradient (`--style`); plain squares unless set.
    public var shapes = ShapeStyle()
    /// The image of `shapes.logo`, read by the caller (from a file, or from a request).
    public var logo: LogoImage?
    /// Read a styled image back with zbar before returning it (`--verify`).
    public var verify = false

    public init(
        data: [UInt8], format: Format = .svg, encoding: QREncodingOptions = QREncodingOptions(),
        style: RenderStyle = RenderStyle(), scale: PNGRenderer.Scale = .pixelsPerModule(10),
        dpi: Int? = nil, size: PhysicalLength? = nil
    ) {
        self.data = data
        self.format = format
        self.encoding = encoding
        self.style = style
        self.scale = scale
        self.dpi = dpi
        self.size = size
    }

    /// The data as text when it is valid UTF-8.
    public var text: String? {
        let decoded = String(decoding: data, as: UTF8.self)
        return decoded.utf8.elementsEqual(data) ? decoded : nil
    }

    /// The API's `dataType`: as declared, else `url` for an http(s) URL, `text` otherwise.
    public var dataType: String {
        if let declaredDataType { return declaredDataType.rawValue }
        guard let text else { return "text" }
        let lower = text.lowercased()
        let scheme = ["https://", "http://"].first { lower.hasPrefix($0) }
        guard let scheme, text.count > scheme.count else { return "text" }
        let isClean = text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F }
        return isClean ? "url" : "text"
    }
}

extension StaticRenderRequest {
    /// A request for structured data of `type`, as the hosted API's static renderer takes it:
    /// a string for `url` and `text`, a JSON object of fields for the other types.
    ///
    /// - Throws: ``StaticRenderError/invalidData(_:)`` naming every field that is wrong.
    public static func structured(type: DataType, data: String, format: Format) throws(StaticRenderError) -> StaticRenderRequest {
        let value: FieldValue
        if type.takesString {
            value = .string(data)
        } else {
            do {
                value = try JSONReader.parse(Array(data.utf8)).fieldValue
            } catch {
                throw .invalidData("--data must be a JSON object of \(type.rawValue) fields: \(error)")
            }
        }
        do {
            let payload = try Payload.make(type, data: value)
            var request = StaticRenderRequest(data: Array(payload.utf8), format: format)
            request.declaredDataType = type
            return request
        } catch {
            let details = error.errors.map { $0.nested(under: "--data").description }.joined(separator: "; ")
            throw .invalidData(details)
        }
    }
}
