import CCairo
import Foundation

/// The path of one dark module for each `ModuleShape`, in module units, (x, y) its corner.
enum ModulePath {
    static func add(_ shape: ModuleShape, at x: Double, _ y: Double, _ around: Neighbours, _ cr: OpaquePointer) {
        switch shape {
        case .square:
            cairo_rectangle(cr, x, y, 1, 1)
        case .dots:
            cairo_new_sub_path(cr)
            cairo_arc(cr, x + 0.5, y + 0.5, 0.45, 0, 2 * .pi)
        case .rounded:
            roundedSquare(x, y, radius: 0.3, around, rounding: (true, true, true, true), cr)
        case .extraRounded:
            roundedSquare(x, y, radius: 0.5, around, rounding: (true, true, true, true), cr)
        case .classy:
            // Only the top-left and bottom-right corners round, where the module ends.
            roundedSquare(x, y, radius: 0.5, around, rounding: (true, false, true, false), cr)
        case .diamond:
            cairo_move_to(cr, x + 0.5, y)
            cairo_line_to(cr, x + 1, y + 0.5)
            cairo_line_to(cr, x + 0.5, y + 1)
            cairo_line_to(cr, x, y + 0.5)
            cairo_close_path(cr)
        case .verticalBars:
            bar(x, y, joinsBefore: around.up, joinsAfter: around.down, vertical: true, cr)
        case .horizontalBars:
            bar(x, y, joinsBefore: around.left, joinsAfter: around.right, vertical: false, cr)
        }
    }

    /// A unit square whose free corners (no dark neighbour on either side) are rounded, so
    /// runs of modules join smoothly; `rounding` picks which corners may round
    /// (top-left, top-right, bottom-right, bottom-left).
    private static func roundedSquare(_ x: Double, _ y: Double, radius: Double, _ around: Neighbours,
                                      rounding: (Bool, Bool, Bool, Bool), _ cr: OpaquePointer) {
        let topLeft = rounding.0 && !around.up && !around.left ? radius : 0
        let topRight = rounding.1 && !around.up && !around.right ? radius : 0
        let bottomRight = rounding.2 && !around.down && !around.right ? radius : 0
        let bottomLeft = rounding.3 && !around.down && !around.left ? radius : 0
        cairo_new_sub_path(cr)
        cairo_move_to(cr, x + topLeft, y)
        cairo_line_to(cr, x + 1 - topRight, y)
        if topRight > 0 { cairo_arc(cr, x + 1 - topRight, y + topRight, topRight, -.pi / 2, 0) }
        cairo_line_to(cr, x + 1, y + 1 - bottomRight)
        if bottomRight > 0 { cairo_arc(cr, x + 1 - bottomRight, y + 1 - bottomRight, bottomRight, 0, .pi / 2) }
        cairo_line_to(cr, x + bottomLeft, y + 1)
        if bottomLeft > 0 { cairo_arc(cr, x + bottomLeft, y + 1 - bottomLeft, bottomLeft, .pi / 2, .pi) }
        cairo_line_to(cr, x, y + topLeft)
        if topLeft > 0 { cairo_arc(cr, x + topLeft, y + topLeft, topLeft, .pi, 3 * .pi / 2) }
        cairo_close_path(cr)
    }

    /// A module of a bar: full width where the bar goes on, a rounded end where it stops;
    /// a little narrower than a module, so the bars read as bars.
    private static func bar(_ x: Double, _ y: Double, joinsBefore: Bool, joinsAfter: Bool, vertical: Bool, _ cr: OpaquePointer) {
        let inset = 0.1, width = 1 - 2 * inset, radius = width / 2
        cairo_new_sub_path(cr)
        if vertical {
            let left = x + inset, right = left + width
            if joinsBefore { cairo_move_to(cr, left, y); cairo_line_to(cr, right, y) } else {
                cairo_arc(cr, x + 0.5, y + radius + inset, radius, .pi, 2 * .pi)
            }
            if joinsAfter { cairo_line_to(cr, right, y + 1); cairo_line_to(cr, left, y + 1) } else {
                cairo_arc(cr, x + 0.5, y + 1 - radius - inset, radius, 0, .pi)
            }
        } else {
            let top = y + inset, bottom = top + width
            if joinsBefore { cairo_move_to(cr, x, bottom); cairo_line_to(cr, x, top) } else {
                cairo_arc(cr, x + radius + inset, y + 0.5, radius, .pi / 2, 3 * .pi / 2)
            }
            if joinsAfter { cairo_line_to(cr, x + 1, top); cairo_line_to(cr, x + 1, bottom) } else {
                cairo_arc(cr, x + 1 - radius - inset, y + 0.5, radius, 3 * .pi / 2, .pi / 2)
            }
        }
        cairo_close_path(cr)
    }
}
