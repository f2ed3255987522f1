import CCairo
import QRRender

/// Why cairo, librsvg or pango could not draw or write a code.
public struct StyleRenderError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// The logo at its size takes more than the error correction can restore: the
    /// manifest's `style.logo.size` is what to change.
    public let isLogoSize: Bool

    public init(description: String, isLogoSize: Bool = false) {
        self.description = description
        self.isLogoSize = isLogoSize
    }
}

/// A cairo surface and its context: an image in memory, or a PDF or EPS page written
/// into memory.
final class CairoCanvas {
    enum Target {
        /// A raster image of `width` × `height` pixels.
        case image(width: Int, height: Int)
        /// A vector page of `width` × `height` points (1/72 inch).
        case pdf(width: Double, height: Double)
        case eps(width: Double, height: Double)
    }

    /// Where the vector surfaces write, through cairo's stream callback.
    private final class Sink {
        var bytes: [UInt8] = []
    }

    let surface: OpaquePointer
    let context: OpaquePointer
    private let target: Target
    private let sink = Sink()

    init(_ target: Target) throws(StyleRenderError) {
        self.target = target
        let write: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let made: OpaquePointer?
        switch target {
        case .image(let width, let height):
            made = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        case .pdf(let width, let height):
            made = cairo_pdf_surface_create_for_stream(write, closure, width, height)
        case .eps(let width, let height):
            made = cairo_ps_surface_create_for_stream(write, closure, width, height)
            if let made { cairo_ps_surface_set_eps(made, 1) }
        }
        guard let made, cairo_surface_status(made) == CAIRO_STATUS_SUCCESS else {
            throw StyleRenderError(description: "cairo could not make a surface: \(made.map { String(cString: cairo_status_to_string(cairo_surface_status($0))) } ?? "out of memory")")
        }
        surface = made
        guard let context = cairo_create(surface) else { throw StyleRenderError(description: "cairo could not make a context") }
        self.context = context
        if case .pdf = target {
            // No creation date: the same code gives the same bytes (builds are reproducible).
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "qrbuild")
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "")
        }
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    var isRaster: Bool {
        if case .image = target { return true }
        return false
    }

    /// The image's pixels and stride, after checking that drawing succeeded.
    func withPixels<Result>(_ body: (UnsafeRawBufferPointer, _ width: Int, _ height: Int, _ stride: Int) throws -> Result) throws(StyleRenderError) -> Result {
        try checkStatus()
        cairo_surface_flush(surface)
        guard case .image(let width, let height) = target, let data = cairo_image_surface_get_data(surface) else {
            throw StyleRenderError(description: "cairo gave no pixels")
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        do {
            return try body(UnsafeRawBufferPointer(start: data, count: stride * height), width, height, stride)
        } catch let error as StyleRenderError {
            throw error
        } catch {
            throw StyleRenderError(description: "\(error)")
        }
    }

    /// The image's pixels, rows packed.
    func pixels() throws(StyleRenderError) -> RasterPixels {
        try withPixels { data, width, height, stride in
            var pixels = RasterPixels(width: width, height: height)
            guard let source = data.baseAddress else { return pixels }
            pixels.bytes.withUnsafeMutableBytes { out in
                guard let target = out.baseAddress else { return }
                for row in 0..<height {
                    (target + row * width * 4).copyMemory(from: source + row * stride, byteCount: width * 4)
                }
            }
            return pixels
        }
    }

    /// The image as a PNG, through qrbuild's own PNG writer: cairo's (libpng's defaults)
    /// took three quarters of a styled build (measured).
    func png(dpi: Int? = nil) throws(StyleRenderError) -> [UInt8] {
        try withPixels { data, width, height, stride in
            do {
                return try PNGEncoder.encodeARGB32(data, width: width, height: height, stride: stride, dpi: dpi)
            } catch {
                throw StyleRenderError(description: "cannot compress the PNG: \(error)")
            }
        }
    }

    /// The image in grey, one byte a pixel (luma of the colours composited on white), as
    /// decoders read it.
    func gray() throws(StyleRenderError) -> GrayImage {
        try withPixels { data, width, height, stride in
            var image = GrayImage(width: width, height: height)
            for y in 0..<height {
                for x in 0..<width {
                    let offset = y * stride + x * 4
                    // Native-endian ARGB32, premultiplied: blue, green, red, alpha in memory on little-endian.
                    let word = data.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                    let alpha = Int(word >> 24), red = Int(word >> 16 & 0xFF), green = Int(word >> 8 & 0xFF), blue = Int(word & 0xFF)
                    let white = 255 - alpha
                    let luma = (299 * (red + white) + 587 * (green + white) + 114 * (blue + white)) / 1000
                    image.pixels[y * width + x] = UInt8(min(255, luma))
                }
            }
            return image
        }
    }

    /// Finishes a PDF or EPS page and returns the file's bytes.
    func finishDocument() throws(StyleRenderError) -> [UInt8] {
        try checkStatus()
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw StyleRenderError(description: "cairo could not write the document: \(String(cString: cairo_status_to_string(status)))")
        }
        if case .eps = target { return Self.withoutCreationDate(sink.bytes) }
        return sink.bytes
    }

    private func checkStatus() throws(StyleRenderError) {
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw StyleRenderError(description: "cairo could not draw the code: \(String(cString: cairo_status_to_string(status)))")
        }
    }

    /// EPS output without its `%%CreationDate:` comment: the same code gives the same
    /// bytes (cairo has no setting for it, as it has for PDF).
    static func withoutCreationDate(_ bytes: [UInt8]) -> [UInt8] {
        let marker = Array("%%CreationDate:".utf8)
        var lineStart = 0
        while lineStart < min(bytes.count, 4096) {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            if bytes[lineStart..<lineEnd].starts(with: marker) {
                return Array(bytes[..<lineStart]) + Array(bytes[min(lineEnd + 1, bytes.count)...])
            }
            lineStart = lineEnd + 1
        }
        return bytes
    }
}
