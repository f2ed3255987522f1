import CCairo
import Foundation
import QRRender

/// Paints a `StyledDrawing` with cairo: onto an image for PNG and verification, or onto
/// a PDF or EPS page.
enum CairoPainter {
    /// Paints `drawing` into `canvas`, `unit` device units (pixels or points) per module.
    static func paint(_ drawing: StyledDrawing, into canvas: CairoCanvas, unit: Double) throws(StyleRenderError) {
        let cr = canvas.context
        cairo_scale(cr, unit, unit)
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD)
        for layer in drawing.layers { fill(layer, cr) }
        if let logo = drawing.logo {
            try logo.image.draw(into: cr, x: logo.x, y: logo.y, width: logo.width, height: logo.height,
                                clipsToCircle: logo.clipsToCircle, raster: canvas.isRaster)
        }
        for layer in drawing.overlays { fill(layer, cr) }
    }

    private static func fill(_ layer: StyledDrawing.Layer, _ cr: OpaquePointer) {
        guard !layer.path.isEmpty else { return }
        cairo_new_path(cr)
        for element in layer.path.elements {
            switch element {
            case .move(let p): cairo_move_to(cr, p.x, p.y)
            case .line(let p): cairo_line_to(cr, p.x, p.y)
            case .curve(let c1, let c2, let p): cairo_curve_to(cr, c1.x, c1.y, c2.x, c2.y, p.x, p.y)
            case .close: cairo_close_path(cr)
            }
        }
        switch layer.paint {
        case .solid(let color):
            setColor(cr, color)
            cairo_fill(cr)
        case .gradient(let gradient, let x, let y, let side):
            let pattern: OpaquePointer?
            switch gradient.kind {
            case .linear:
                let (start, end) = gradient.linearEnds(x: x, y: y, side: side)
                pattern = cairo_pattern_create_linear(start.x, start.y, end.x, end.y)
            case .radial:
                let (center, radius) = gradient.radialCircle(x: x, y: y, side: side)
                pattern = cairo_pattern_create_radial(center.x, center.y, 0, center.x, center.y, radius)
            }
            guard let pattern else {
                setColor(cr, gradient.stops.first?.color ?? .black)
                cairo_fill(cr)
                return
            }
            for stop in gradient.stops {
                let c = stop.color
                cairo_pattern_add_color_stop_rgba(pattern, stop.offset, Double(c.red) / 255, Double(c.green) / 255, Double(c.blue) / 255, Double(c.alpha) / 255)
            }
            cairo_set_source(cr, pattern)
            cairo_pattern_destroy(pattern)
            cairo_fill(cr)
        }
    }

    private static func setColor(_ cr: OpaquePointer, _ color: RGBAColor) {
        cairo_set_source_rgba(cr, Double(color.red) / 255, Double(color.green) / 255, Double(color.blue) / 255, Double(color.alpha) / 255)
    }
}
