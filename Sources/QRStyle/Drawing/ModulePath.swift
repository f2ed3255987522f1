import Foundation

/// The path of one dark module for each `ModuleShape`, in module units, (x, y) its corner.
enum ModulePath {
    static func add(_ shape: ModuleShape, at x: Double, _ y: Double, _ around: Neighbours, into path: inout VectorPath) {
        switch shape {
        case .square:
            path.rectangle(x, y, 1, 1)
        case .dots:
            path.circle(centerX: x + 0.5, centerY: y + 0.5, radius: 0.45)
        case .rounded:
            roundedSquare(x, y, radius: 0.3, around, rounding: (true, true, true, true), into: &path)
        case .extraRounded:
            roundedSquare(x, y, radius: 0.5, around, rounding: (true, true, true, true), into: &path)
        case .classy:
            // Only the top-left and bottom-right corners round, where the module ends.
            roundedSquare(x, y, radius: 0.5, around, rounding: (true, false, true, false), into: &path)
        case .diamond:
            path.move(x + 0.5, y)
            path.line(x + 1, y + 0.5)
            path.line(x + 0.5, y + 1)
            path.line(x, y + 0.5)
            path.close()
        case .verticalBars:
            bar(x, y, joinsBefore: around.up, joinsAfter: around.down, vertical: true, into: &path)
        case .horizontalBars:
            bar(x, y, joinsBefore: around.left, joinsAfter: around.right, vertical: false, into: &path)
        }
    }

    /// A unit square whose free corners (no dark neighbour on either side) are rounded, so
    /// runs of modules join smoothly; `rounding` picks which corners may round
    /// (top-left, top-right, bottom-right, bottom-left).
    private static func roundedSquare(_ x: Double, _ y: Double, radius: Double, _ around: Neighbours,
                                      rounding: (Bool, Bool, Bool, Bool), into path: inout VectorPath) {
        let topLeft = rounding.0 && !around.up && !around.left ? radius : 0
        let topRight = rounding.1 && !around.up && !around.right ? radius : 0
        let bottomRight = rounding.2 && !around.down && !around.right ? radius : 0
        let bottomLeft = rounding.3 && !around.down && !around.left ? radius : 0
        path.newSubpath()
        path.move(x + topLeft, y)
        path.line(x + 1 - topRight, y)
        if topRight > 0 { path.arc(centerX: x + 1 - topRight, centerY: y + topRight, radius: topRight, from: -.pi / 2, to: 0) }
        path.line(x + 1, y + 1 - bottomRight)
        if bottomRight > 0 { path.arc(centerX: x + 1 - bottomRight, centerY: y + 1 - bottomRight, radius: bottomRight, from: 0, to: .pi / 2) }
        path.line(x + bottomLeft, y + 1)
        if bottomLeft > 0 { path.arc(centerX: x + bottomLeft, centerY: y + 1 - bottomLeft, radius: bottomLeft, from: .pi / 2, to: .pi) }
        path.line(x, y + topLeft)
        if topLeft > 0 { path.arc(centerX: x + topLeft, centerY: y + topLeft, radius: topLeft, from: .pi, to: 3 * .pi / 2) }
        path.close()
    }

    /// A module of a bar: full width where the bar goes on, a rounded end where it stops;
    /// a little narrower than a module, so the bars read as bars.
    private static func bar(_ x: Double, _ y: Double, joinsBefore: Bool, joinsAfter: Bool, vertical: Bool, into path: inout VectorPath) {
        let inset = 0.1, width = 1 - 2 * inset, radius = width / 2
        path.newSubpath()
        if vertical {
            let left = x + inset, right = left + width
            if joinsBefore { path.move(left, y); path.line(right, y) } else {
                path.arc(centerX: x + 0.5, centerY: y + radius + inset, radius: radius, from: .pi, to: 2 * .pi)
            }
            if joinsAfter { path.line(right, y + 1); path.line(left, y + 1) } else {
                path.arc(centerX: x + 0.5, centerY: y + 1 - radius - inset, radius: radius, from: 0, to: .pi)
            }
        } else {
            let top = y + inset, bottom = top + width
            if joinsBefore { path.move(x, bottom); path.line(x, top) } else {
                path.arc(centerX: x + radius + inset, centerY: y + 0.5, radius: radius, from: .pi / 2, to: 3 * .pi / 2)
            }
            if joinsAfter { path.line(x + 1, top); path.line(x + 1, bottom) } else {
                path.arc(centerX: x + 1 - radius - inset, centerY: y + 0.5, radius: radius, from: 3 * .pi / 2, to: .pi / 2)
            }
        }
        path.close()
    }
}
