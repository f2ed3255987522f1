import Foundation

/// The finder patterns' ring and eye paths, in module units.
enum FinderPath {
    /// A square of `width` at (x, y) in the outer ring's shape (called twice for a ring).
    static func outer(_ shape: FinderStyle.Outer, x: Double, y: Double, width: Double, into path: inout VectorPath) {
        switch shape {
        case .square: path.rectangle(x, y, width, width)
        }
    }

    /// The 3×3 eye at (x, y).
    static func inner(_ shape: FinderStyle.Inner, x: Double, y: Double, into path: inout VectorPath) {
        switch shape {
        case .square: path.rectangle(x, y, 3, 3)
        case .rounded: rounded(x, y, 3, radii: Array(repeating: 0.8, count: 4), into: &path)
        }
    }

    /// A square with corner radii (top-left, top-right, bottom-right, bottom-left).
    private static func rounded(_ x: Double, _ y: Double, _ width: Double, radii: [Double], into path: inout VectorPath) {
        let (tl, tr, br, bl) = (radii[0], radii[1], radii[2], radii[3])
        path.newSubpath()
        path.move(x + tl, y)
        path.line(x + width - tr, y)
        if tr > 0 { path.arc(centerX: x + width - tr, centerY: y + tr, radius: tr, from: -.pi / 2, to: 0) }
        path.line(x + width, y + width - br)
        if br > 0 { path.arc(centerX: x + width - br, centerY: y + width - br, radius: br, from: 0, to: .pi / 2) }
        path.line(x + bl, y + width)
        if bl > 0 { path.arc(centerX: x + bl, centerY: y + width - bl, radius: bl, from: .pi / 2, to: .pi) }
        path.line(x, y + tl)
        if tl > 0 { path.arc(centerX: x + tl, centerY: y + tl, radius: tl, from: .pi, to: 3 * .pi / 2) }
        path.close()
    }
}
