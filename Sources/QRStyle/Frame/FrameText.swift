import CCairo
import CPango
import QRLock

/// A frame's call to action as outlines: laid out and shaped by pango (any script the
/// installed fonts cover, right-to-left included), turned into paths so no output needs
/// the font, and the same text draws the same in PNG, PDF, EPS and SVG.
enum FrameText {
    /// The laid-out text in font units, with its ink box, by text and font: a bulk build
    /// frames thousands of codes with one call to action.
    private struct Shaped: Sendable {
        var path: VectorPath
        var inkX, inkY, inkWidth, inkHeight: Double
        var lineHeight: Double
    }

    private static let cache = Locked<[String: Shaped]>([:])

    /// `text` in `font`, scaled to fit `box` (its line at most the box's height, its ink
    /// at most the box's width) and centred at `centre`.
    static func path(_ text: String, font: String, fitting box: (width: Double, height: Double),
                     centredAt centre: (x: Double, y: Double)) throws(StyleRenderError) -> VectorPath {
        let key = font + "\u{1F}" + text
        let shaped: Shaped
        if let cached = cache.withLock({ $0[key] }) {
            shaped = cached
        } else {
            shaped = try shape(text, font: font)
            cache.withLock { cache in
                if cache.count >= 256 { cache.removeAll() }
                cache[key] = shaped
            }
        }
        let scale = min(box.height / shaped.lineHeight, box.width / max(shaped.inkWidth, 1))
        let dx = centre.x - (shaped.inkX + shaped.inkWidth / 2) * scale
        let dy = centre.y - (shaped.inkY + shaped.inkHeight / 2) * scale
        var placed = VectorPath()
        placed.reserve(shaped.path.elements.count)
        func at(_ p: VectorPath.Point) -> VectorPath.Point { .init(x: p.x * scale + dx, y: p.y * scale + dy) }
        for element in shaped.path.elements {
            switch element {
            case .move(let p): placed.move(at(p).x, at(p).y)
            case .line(let p): placed.line(at(p).x, at(p).y)
            case .curve(let a, let b, let p): placed.curve(at(a).x, at(a).y, at(b).x, at(b).y, at(p).x, at(p).y)
            case .close: placed.close()
            }
        }
        return placed
    }

    /// Lays `text` out at 100 px in `font` and copies its outlines.
    private static func shape(_ text: String, font: String) throws(StyleRenderError) -> Shaped {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1) else { throw StyleRenderError(description: "cairo could not make a surface") }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { throw StyleRenderError(description: "cairo could not make a context") }
        defer { cairo_destroy(cr) }
        guard let layout = pango_cairo_create_layout(cr) else { throw StyleRenderError(description: "pango could not make a layout") }
        defer { qrbuild_pango_unref(UnsafeMutableRawPointer(layout)) }
        let description = pango_font_description_from_string(font)
        defer { pango_font_description_free(description) }
        pango_font_description_set_absolute_size(description, 100 * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, description)
        pango_layout_set_text(layout, text, -1)
        let unknown = Int(pango_layout_get_unknown_glyphs_count(layout))
        guard unknown == 0 else {
            throw StyleRenderError(description: "no installed font has \(unknown) of the characters of the frame text \"\(text)\"; "
                                   + "install a font for its script (Debian: fonts-noto-core, fonts-noto-cjk) or change the text")
        }
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_pixel_extents(layout, &ink, &logical)
        pango_cairo_layout_path(cr, layout)
        guard let copied = cairo_copy_path(cr) else { throw StyleRenderError(description: "cairo could not copy the text's outline") }
        defer { cairo_path_destroy(copied) }
        var path = VectorPath()
        if copied.pointee.status == CAIRO_STATUS_SUCCESS, let data = copied.pointee.data {
            var index = 0
            let count = Int(copied.pointee.num_data)
            while index < count {
                let header = data[index].header
                switch header.type {
                case CAIRO_PATH_MOVE_TO: path.move(data[index + 1].point.x, data[index + 1].point.y)
                case CAIRO_PATH_LINE_TO: path.line(data[index + 1].point.x, data[index + 1].point.y)
                case CAIRO_PATH_CURVE_TO:
                    path.curve(data[index + 1].point.x, data[index + 1].point.y, data[index + 2].point.x, data[index + 2].point.y,
                               data[index + 3].point.x, data[index + 3].point.y)
                case CAIRO_PATH_CLOSE_PATH: path.close()
                default: break
                }
                index += max(1, Int(header.length))
            }
        }
        guard !path.isEmpty, ink.width > 0, ink.height > 0 else {
            throw StyleRenderError(description: "the frame text \"\(text)\" draws nothing; write a call to action such as \"SCAN ME\"")
        }
        return Shaped(path: path, inkX: Double(ink.x), inkY: Double(ink.y), inkWidth: Double(ink.width), inkHeight: Double(ink.height),
                      lineHeight: Double(logical.height))
    }
}
