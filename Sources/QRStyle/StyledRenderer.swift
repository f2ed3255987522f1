import CCairo
import Foundation
import QRCore
import QRRender

/// Draws a code with a `CodeStyle` through cairo: anti-aliased PNG, or vector PDF and EPS.
/// Module shapes and finder patterns are paths in module units, so every format draws
/// the same picture.
public struct StyledRenderer: Sendable {
    public enum Format: Sendable {
        /// A square PNG of `pixelsPerModule` per module, quiet zone included.
        case png(pixelsPerModule: Int)
        /// A square page of `points` (1/72 inch) a side, quiet zone included.
        case pdf(points: Double)
        case eps(points: Double)
    }

    public let style: CodeStyle

    public init(style: CodeStyle) {
        self.style = style
    }

    public func render(_ code: QRCode, as format: Format) throws(StyleRenderError) -> [UInt8] {
        let modules = Double(code.size + 2 * style.margin)
        let canvas: CairoCanvas
        let unit: Double
        switch format {
        case .png(let scale):
            canvas = try CairoCanvas(.png(pixels: Int(modules) * scale))
            unit = Double(scale)
        case .pdf(let points):
            canvas = try CairoCanvas(.pdf(points: points))
            unit = points / modules
        case .eps(let points):
            canvas = try CairoCanvas(.eps(points: points))
            unit = points / modules
        }
        let cr = canvas.context
        cairo_scale(cr, unit, unit)
        setColor(cr, style.background)
        cairo_paint(cr)
        cairo_translate(cr, Double(style.margin), Double(style.margin))
        drawModules(code, cr)
        setForeground(cr, size: Double(code.size))
        cairo_fill(cr)
        drawFinders(code, cr)
        return try canvas.finish()
    }

    /// Whether (x, y) lies in one of the three finder patterns (drawn on their own).
    private static func inFinder(_ x: Int, _ y: Int, size: Int) -> Bool {
        (x < 7 && y < 7) || (x >= size - 7 && y < 7) || (x < 7 && y >= size - 7)
    }

    /// Adds every dark data module's path to the current path.
    private func drawModules(_ code: QRCode, _ cr: OpaquePointer) {
        let size = code.size
        func dark(_ x: Int, _ y: Int) -> Bool {
            x >= 0 && y >= 0 && x < size && y < size && !Self.inFinder(x, y, size: size) && code[x, y]
        }
        for y in 0..<size {
            for x in 0..<size where dark(x, y) {
                let around = Neighbours(up: dark(x, y - 1), down: dark(x, y + 1), left: dark(x - 1, y), right: dark(x + 1, y))
                ModulePath.add(style.shape, at: Double(x), Double(y), around, cr)
            }
        }
    }

    private func drawFinders(_ code: QRCode, _ cr: OpaquePointer) {
        let size = code.size
        for (fx, fy) in [(0, 0), (size - 7, 0), (0, size - 7)] {
            let x = Double(fx), y = Double(fy)
            // The ring: the 7×7 outline less the 5×5 inside (even-odd fill).
            cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD)
            FinderPath.outer(style.finder.outer, x: x, y: y, width: 7, cr)
            FinderPath.outer(style.finder.outer, x: x + 1, y: y + 1, width: 5, cr)
            if let color = style.finder.color { setColor(cr, color) } else { setForeground(cr, size: Double(size)) }
            cairo_fill(cr)
            cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING)
            FinderPath.inner(style.finder.inner, x: x + 2, y: y + 2, cr)
            if let color = style.finder.innerColor ?? style.finder.color { setColor(cr, color) } else { setForeground(cr, size: Double(size)) }
            cairo_fill(cr)
        }
    }

    private func setColor(_ cr: OpaquePointer, _ color: RGBAColor) {
        cairo_set_source_rgba(cr, Double(color.red) / 255, Double(color.green) / 255, Double(color.blue) / 255, Double(color.alpha) / 255)
    }

    /// The foreground, or the gradient across the symbol (`size` modules wide).
    private func setForeground(_ cr: OpaquePointer, size: Double) {
        guard let gradient = style.gradient, gradient.stops.count >= 2 else {
            setColor(cr, style.foreground)
            return
        }
        let pattern: OpaquePointer?
        switch gradient.kind {
        case .linear:
            let angle = gradient.angle * .pi / 180
            let half = size / 2, dx = cos(angle) * half, dy = sin(angle) * half
            pattern = cairo_pattern_create_linear(half - dx, half - dy, half + dx, half + dy)
        case .radial:
            pattern = cairo_pattern_create_radial(size / 2, size / 2, 0, size / 2, size / 2, size / 2 * 1.42)
        }
        guard let pattern else { return setColor(cr, style.foreground) }
        for stop in gradient.stops {
            let c = stop.color
            cairo_pattern_add_color_stop_rgba(pattern, stop.offset, Double(c.red) / 255, Double(c.green) / 255, Double(c.blue) / 255, Double(c.alpha) / 255)
        }
        cairo_set_source(cr, pattern)
        cairo_pattern_destroy(pattern)
    }
}
