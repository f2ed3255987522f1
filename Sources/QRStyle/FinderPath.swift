import CCairo
import Foundation

/// The finder patterns' ring and eye paths, in module units.
enum FinderPath {
    /// A square of `width` at (x, y) in the outer ring's shape (called twice for a ring).
    static func outer(_ shape: FinderStyle.Outer, x: Double, y: Double, width: Double, _ cr: OpaquePointer) {
        switch shape {
        case .square: cairo_rectangle(cr, x, y, width, width)
        }
    }

    /// The 3×3 eye at (x, y).
    static func inner(_ shape: FinderStyle.Inner, x: Double, y: Double, _ cr: OpaquePointer) {
        switch shape {
        case .square: cairo_rectangle(cr, x, y, 3, 3)
        case .rounded: rounded(x, y, 3, radii: Array(repeating: 0.8, count: 4), cr)
        }
    }

    /// A square with corner radii (top-left, top-right, bottom-right, bottom-left).
    private static func rounded(_ x: Double, _ y: Double, _ width: Double, radii: [Double], _ cr: OpaquePointer) {
        let (tl, tr, br, bl) = (radii[0], radii[1], radii[2], radii[3])
        cairo_new_sub_path(cr)
        cairo_move_to(cr, x + tl, y)
        cairo_line_to(cr, x + width - tr, y)
        if tr > 0 { cairo_arc(cr, x + width - tr, y + tr, tr, -.pi / 2, 0) }
        cairo_line_to(cr, x + width, y + width - br)
        if br > 0 { cairo_arc(cr, x + width - br, y + width - br, br, 0, .pi / 2) }
        cairo_line_to(cr, x + bl, y + width)
        if bl > 0 { cairo_arc(cr, x + bl, y + width - bl, bl, .pi / 2, .pi) }
        cairo_line_to(cr, x, y + tl)
        if tl > 0 { cairo_arc(cr, x + tl, y + tl, tl, .pi, 3 * .pi / 2) }
        cairo_close_path(cr)
    }
}
