import CCairo
import CRsvg
import Foundation
import QRLock

/// A logo file, checked and decoded once: SVG through librsvg, PNG through gdk-pixbuf,
/// JPEG through libjpeg-turbo. Codes share it; raster copies at each drawn size are cached, since a bulk
/// build draws the same logo at a handful of sizes thousands of times.
///
/// An immutable value behind a class: the decoded forms live behind a lock, because
/// librsvg's handles may not be used by two threads at once.
public final class LogoImage: Hashable, @unchecked Sendable {
    public enum Kind: String, Sendable {
        case svg, png, jpeg

        var mediaType: String {
            switch self {
            case .svg: "image/svg+xml"
            case .png: "image/png"
            case .jpeg: "image/jpeg"
            }
        }
    }

    /// The largest logo file read, and the most pixels a raster logo may have: a logo
    /// is a few kilobytes; these stop a mistaken or hostile file from exhausting memory.
    public static let largestFile = 8 << 20
    static let mostPixels = 25_000_000

    public let kind: Kind
    /// The file's bytes, as read (hashed into the printed appearance).
    public let bytes: [UInt8]
    /// The image's width over its height.
    public let aspectRatio: Double

    private struct Decoded {
        var svg: UnsafeMutablePointer<RsvgHandle>?
        /// A raster logo's pixels: premultiplied ARGB32 as cairo keeps them.
        var pixels: RasterPixels?
        /// Drawn copies by pixel width and height.
        var cache: [PixelSize: RasterPixels] = [:]
    }

    private let decoded: Locked<Decoded>

    /// Reads a logo from `bytes`; `name` (the file name) is used in messages only.
    ///
    /// - Throws: ``StyleRenderError`` saying why the file is not a usable SVG, PNG or JPEG.
    public init(bytes: [UInt8], name: String) throws(StyleRenderError) {
        guard bytes.count <= Self.largestFile else {
            throw StyleRenderError(description: "\(name) is \(bytes.count >> 20) MiB; a logo may be at most \(Self.largestFile >> 20) MiB")
        }
        guard let kind = Self.sniff(bytes) else {
            throw StyleRenderError(description: "\(name) is not an SVG, PNG or JPEG image")
        }
        self.kind = kind
        self.bytes = bytes
        var state = Decoded()
        switch kind {
        case .svg:
            let handle = try Self.loadSVG(bytes, name: name)
            state.svg = handle
            aspectRatio = Self.aspectRatio(of: handle)
        case .png, .jpeg:
            let pixels = try kind == .jpeg ? Self.decodeJPEG(bytes, name: name) : Self.decodeRaster(bytes, kind: kind, name: name)
            state.pixels = pixels
            aspectRatio = Double(pixels.width) / Double(pixels.height)
        }
        guard aspectRatio.isFinite, aspectRatio > 0.01, aspectRatio < 100 else {
            throw StyleRenderError(description: "\(name) has no usable width and height (a logo needs a size or a viewBox)")
        }
        decoded = Locked(state)
    }

    deinit {
        decoded.withLock { if let svg = $0.svg { qrbuild_unref(UnsafeMutableRawPointer(svg)) } }
    }

    public static func == (lhs: LogoImage, rhs: LogoImage) -> Bool { lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// The logo's size when fitted into a square of `side`, keeping its proportions.
    public func fitted(in side: Double) -> (width: Double, height: Double) {
        aspectRatio >= 1 ? (side, side / aspectRatio) : (side * aspectRatio, side)
    }

    /// The file as a `data:` URI, for SVG output.
    public var dataURI: String { "data:\(kind.mediaType);base64," + Data(bytes).base64EncodedString() }

    func cached(_ size: PixelSize) -> RasterPixels? { decoded.withLock { $0.cache[size] } }

    func remember(_ pixels: RasterPixels, as size: PixelSize) {
        decoded.withLock { state in
            // A build draws a logo at a few sizes; a bound keeps a pathological mix small.
            if state.cache.count >= 64 { state.cache.removeAll() }
            state.cache[size] = pixels
        }
    }

    /// Runs `body` with the SVG handle, one thread at a time.
    func decodedSVG(_ body: (UnsafeMutablePointer<RsvgHandle>) throws(StyleRenderError) -> Void) throws(StyleRenderError) {
        try decoded.withLock { state throws(StyleRenderError) in
            guard let svg = state.svg else { throw StyleRenderError(description: "the logo is not an SVG") }
            try body(svg)
        }
    }

    func originalPixels() throws(StyleRenderError) -> RasterPixels {
        guard let pixels = decoded.withLock({ $0.pixels }) else { throw StyleRenderError(description: "the logo is not a raster image") }
        return pixels
    }

    /// What the bytes are, from their first bytes: PNG and JPEG by signature, SVG by an
    /// `<svg` element near the start (after an XML declaration, comments or a doctype).
    static func sniff(_ bytes: [UInt8]) -> Kind? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        return head.contains("<svg") ? .svg : nil
    }

    private static func loadSVG(_ bytes: [UInt8], name: String) throws(StyleRenderError) -> UnsafeMutablePointer<RsvgHandle> {
        var error: UnsafeMutablePointer<GError>?
        let handle = bytes.withUnsafeBufferPointer { rsvg_handle_new_from_data($0.baseAddress, gsize($0.count), &error) }
        guard let handle else { throw StyleRenderError(description: "\(name) is not a readable SVG: \(GLibError.message(error))") }
        return handle
    }

    private static func aspectRatio(of handle: UnsafeMutablePointer<RsvgHandle>) -> Double {
        var hasWidth: gboolean = 0, hasHeight: gboolean = 0, hasViewBox: gboolean = 0
        var width = RsvgLength(), height = RsvgLength(), viewBox = RsvgRectangle()
        rsvg_handle_get_intrinsic_dimensions(handle, &hasWidth, &width, &hasHeight, &height, &hasViewBox, &viewBox)
        if hasViewBox != 0, viewBox.height > 0 { return viewBox.width / viewBox.height }
        var pixelWidth = 0.0, pixelHeight = 0.0
        if rsvg_handle_get_intrinsic_size_in_pixels(handle, &pixelWidth, &pixelHeight) != 0, pixelHeight > 0 {
            return pixelWidth / pixelHeight
        }
        return .nan
    }

    /// True when a raster logo of `width` × `height` pixels is decoded: at most ``mostPixels``,
    /// and neither side 100 times the other (no logo box fits such a sliver). Checked from
    /// the file's header, before decoding.
    static func usable(width: Int, height: Int) -> Bool {
        width > 0 && height > 0 && width * height <= mostPixels && width < 100 * height && height < 100 * width
    }

    /// The rule above for the C decoders, which call it with the header's size.
    static let usableForC: @convention(c) (Int, Int) -> Int32 = { usable(width: $0, height: $1) ? 1 : 0 }

    /// Why a raster logo of `width` × `height` pixels is refused.
    static func unusable(_ name: String, _ width: Int, _ height: Int) -> StyleRenderError {
        if width > 0, height > 0, width * height <= mostPixels {
            return StyleRenderError(description: "\(name) is \(width)×\(height) pixels; a logo's width and height may differ at most 100 times")
        }
        return StyleRenderError(description: "\(name) is \(width)×\(height) pixels; a logo may have at most \(mostPixels / 1_000_000) million")
    }

    private static func decodeRaster(_ bytes: [UInt8], kind: Kind, name: String) throws(StyleRenderError) -> RasterPixels {
        var error: UnsafeMutablePointer<GError>?
        guard let loader = gdk_pixbuf_loader_new_with_type(kind.rawValue, &error) else {
            throw StyleRenderError(description: "cannot read \(name): gdk-pixbuf has no \(kind.rawValue) loader (\(GLibError.message(error)))")
        }
        defer { qrbuild_unref(UnsafeMutableRawPointer(loader)) }
        // The size is checked when the header is read, before the loader allocates the image:
        // a few hundred bytes can claim 60,000 × 60,000 pixels.
        let limit = UnsafeMutablePointer<qrbuild_pixbuf_limit>.allocate(capacity: 1)
        limit.initialize(to: qrbuild_pixbuf_limit(width: 0, height: 0, usable: usableForC))
        defer { limit.deallocate() }
        qrbuild_pixbuf_limit_size(loader, limit)
        let written = bytes.withUnsafeBufferPointer { gdk_pixbuf_loader_write(loader, $0.baseAddress, gsize($0.count), &error) }
        let closed = written != 0 && gdk_pixbuf_loader_close(loader, &error) != 0
        let claimed = (width: Int(limit.pointee.width), height: Int(limit.pointee.height))
        if !usable(width: claimed.width, height: claimed.height) {
            if written != 0, !closed, error == nil { gdk_pixbuf_loader_close(loader, nil) }
            if let error { g_error_free(error) }
            throw Self.unusable(name, claimed.width, claimed.height)
        }
        guard closed, let pixbuf = gdk_pixbuf_loader_get_pixbuf(loader) else {
            if written != 0, error == nil { gdk_pixbuf_loader_close(loader, nil) }
            throw StyleRenderError(description: "\(name) is not a readable \(kind.rawValue.uppercased()): \(GLibError.message(error))")
        }
        let width = Int(gdk_pixbuf_get_width(pixbuf)), height = Int(gdk_pixbuf_get_height(pixbuf))
        guard usable(width: width, height: height) else { throw Self.unusable(name, width, height) }
        let channels = Int(gdk_pixbuf_get_n_channels(pixbuf)), rowStride = Int(gdk_pixbuf_get_rowstride(pixbuf))
        let hasAlpha = gdk_pixbuf_get_has_alpha(pixbuf) != 0
        guard let source = gdk_pixbuf_read_pixels(pixbuf), channels >= 3 else {
            throw StyleRenderError(description: "\(name): gdk-pixbuf gave no pixels")
        }
        var pixels = RasterPixels(width: width, height: height)
        pixels.bytes.withUnsafeMutableBufferPointer { out in
            for y in 0..<height {
                let row = source + y * rowStride
                for x in 0..<width {
                    let p = row + x * channels
                    let alpha = hasAlpha ? UInt32(p[3]) : 255
                    // cairo keeps colour premultiplied by alpha, in a native-endian word.
                    let red = UInt32(p[0]) * alpha / 255, green = UInt32(p[1]) * alpha / 255, blue = UInt32(p[2]) * alpha / 255
                    let word = alpha << 24 | red << 16 | green << 8 | blue
                    withUnsafeBytes(of: word) { word in
                        for byte in 0..<4 { out[(y * width + x) * 4 + byte] = word[byte] }
                    }
                }
            }
        }
        return pixels
    }
}

/// A width and height in device pixels.
struct PixelSize: Hashable {
    var width, height: Int
}

/// Premultiplied ARGB32 pixels, rows packed (stride = width × 4), as cairo reads them.
struct RasterPixels {
    let width, height: Int
    var bytes: [UInt8]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        bytes = [UInt8](repeating: 0, count: width * height * 4)
    }
}

/// The text of a GLib error, freeing it.
enum GLibError {
    static func message(_ error: UnsafeMutablePointer<GError>?) -> String {
        guard let error else { return "unknown error" }
        defer { g_error_free(error) }
        return error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    }
}
