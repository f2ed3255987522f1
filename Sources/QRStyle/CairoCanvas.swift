import CCairo
import QRRender

/// Why cairo could not draw or write a code.
public struct StyleRenderError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// A cairo surface and its context, writing PNG, PDF or EPS bytes into memory.
final class CairoCanvas {
    enum Target {
        /// A raster image `pixels` wide and high.
        case png(pixels: Int)
        /// A vector page `points` wide and high (1/72 inch).
        case pdf(points: Double)
        case eps(points: Double)
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
        case .png(let pixels):
            made = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pixels), Int32(pixels))
        case .pdf(let points):
            made = cairo_pdf_surface_create_for_stream(write, closure, points, points)
        case .eps(let points):
            made = cairo_ps_surface_create_for_stream(write, closure, points, points)
            if let made { cairo_ps_surface_set_eps(made, 1) }
        }
        guard let made, cairo_surface_status(made) == CAIRO_STATUS_SUCCESS else {
            throw StyleRenderError(description: "cairo could not make a surface: \(made.map { String(cString: cairo_status_to_string(cairo_surface_status($0))) } ?? "out of memory")")
        }
        surface = made
        guard let made = cairo_create(surface) else { throw StyleRenderError(description: "cairo could not make a context") }
        context = made
        if case .pdf = target {
            // No creation date: the same code gives the same bytes (builds are reproducible).
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "qrbuild")
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "")
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

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Finishes the drawing and returns the file's bytes.
    func finish() throws(StyleRenderError) -> [UInt8] {
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw StyleRenderError(description: "cairo could not draw the code: \(String(cString: cairo_status_to_string(status)))")
        }
        if case .png(let pixels) = target {
            // The pixels go through qrbuild's own PNG writer: cairo's (libpng's defaults)
            // took three quarters of a styled build (measured).
            cairo_surface_flush(surface)
            guard let data = cairo_image_surface_get_data(surface) else { throw StyleRenderError(description: "cairo gave no pixels") }
            let stride = Int(cairo_image_surface_get_stride(surface))
            do {
                return try PNGEncoder.encodeARGB32(UnsafeRawBufferPointer(start: data, count: stride * pixels),
                                                   width: pixels, height: pixels, stride: stride)
            } catch {
                throw StyleRenderError(description: "cannot compress the PNG: \(error)")
            }
        } else {
            cairo_surface_finish(surface)
        }
        if case .eps = target { return Self.withoutCreationDate(sink.bytes) }
        return sink.bytes
    }
}
