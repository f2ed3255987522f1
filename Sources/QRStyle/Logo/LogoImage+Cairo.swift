import CCairo
import CRsvg

extension LogoImage {
    /// Draws the logo into the box at (`x`, `y`) of `width` × `height` user units of `cr`.
    /// On an image surface (`raster`) it is drawn at the box's exact pixel size from a
    /// cached copy; on PDF and EPS an SVG logo stays vector.
    func draw(into cr: OpaquePointer, x: Double, y: Double, width: Double, height: Double,
              clipsToCircle: Bool, raster: Bool) throws(StyleRenderError) {
        cairo_save(cr)
        defer { cairo_restore(cr) }
        if clipsToCircle {
            let side = max(width, height)
            cairo_new_path(cr)
            cairo_arc(cr, x + width / 2, y + height / 2, side / 2, 0, 2 * .pi)
            cairo_clip(cr)
        }
        if raster {
            var left = x, top = y, right = x + width, bottom = y + height
            cairo_user_to_device(cr, &left, &top)
            cairo_user_to_device(cr, &right, &bottom)
            let size = PixelSize(width: max(1, Int((right - left).rounded())), height: max(1, Int((bottom - top).rounded())))
            let pixels = try rasterCopy(size)
            let surface = try Self.surface(pixels)
            defer { cairo_surface_destroy(surface) }
            cairo_identity_matrix(cr)
            cairo_set_source_surface(cr, surface, left.rounded(), top.rounded())
            cairo_paint(cr)
            return
        }
        try paint(into: cr, x: x, y: y, width: width, height: height)
    }

    /// Draws the logo into the box in `cr`'s user units: an SVG through librsvg (vector on
    /// PDF and EPS), a raster logo scaled with cairo's good filter.
    private func paint(into cr: OpaquePointer, x: Double, y: Double, width: Double, height: Double) throws(StyleRenderError) {
        switch kind {
        case .svg:
            try decodedSVG { handle throws(StyleRenderError) in
                try Self.renderSVG(handle, into: cr, x: x, y: y, width: width, height: height, what: "the logo")
            }
        case .png, .jpeg:
            let original = try originalPixels()
            let surface = try Self.surface(original)
            defer { cairo_surface_destroy(surface) }
            cairo_save(cr)
            defer { cairo_restore(cr) }
            cairo_translate(cr, x, y)
            cairo_scale(cr, width / Double(original.width), height / Double(original.height))
            cairo_set_source_surface(cr, surface, 0, 0)
            cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
            cairo_paint(cr)
        }
    }

    /// Renders an SVG document fitted into the box (its own aspect kept); `what` names it
    /// in the error.
    static func renderSVG(_ handle: UnsafeMutablePointer<RsvgHandle>, into cr: OpaquePointer, x: Double, y: Double,
                          width: Double, height: Double, what: String) throws(StyleRenderError) {
        var viewport = RsvgRectangle(x: x, y: y, width: width, height: height)
        var error: UnsafeMutablePointer<GError>?
        guard rsvg_handle_render_document(handle, cr, &viewport, &error) != 0 else {
            throw StyleRenderError(description: "librsvg could not draw \(what): \(GLibError.message(error))")
        }
    }

    /// The logo drawn at `size` pixels, made once per size.
    func rasterCopy(_ size: PixelSize) throws(StyleRenderError) -> RasterPixels {
        if let cached = cached(size) { return cached }
        let canvas = try CairoCanvas(.image(width: size.width, height: size.height))
        try paint(into: canvas.context, x: 0, y: 0, width: Double(size.width), height: Double(size.height))
        let pixels = try canvas.pixels()
        remember(pixels, as: size)
        return pixels
    }

    /// A new cairo image surface holding a copy of `pixels` (cairo owns its memory, so a
    /// PDF surface that reads it late never reads freed memory).
    static func surface(_ pixels: RasterPixels) throws(StyleRenderError) -> OpaquePointer {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pixels.width), Int32(pixels.height)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else {
            throw StyleRenderError(description: "cairo could not hold the logo's \(pixels.width)×\(pixels.height) pixels")
        }
        let stride = Int(cairo_image_surface_get_stride(surface)), rowBytes = pixels.width * 4
        pixels.bytes.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            for row in 0..<pixels.height {
                (data + row * stride).update(from: base + row * rowBytes, count: rowBytes)
            }
        }
        cairo_surface_mark_dirty(surface)
        return surface
    }
}
