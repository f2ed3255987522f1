import Foundation

/// A filled outline in module units: moves, lines, cubic Béziers and closes, as both
/// cairo and SVG draw them. One drawing model feeds every output format, so a PNG, a PDF
/// and an SVG of the same code show the same shapes.
public struct VectorPath: Sendable {
    public struct Point: Hashable, Sendable {
        public var x, y: Double
    }

    public enum Element: Sendable {
        case move(Point)
        case line(Point)
        case curve(Point, Point, Point)
        case close
    }

    public private(set) var elements: [Element] = []
    /// Whether the next arc continues the current sub-path (a line to its start) or opens one.
    private var hasCurrentPoint = false

    public init() {}

    public var isEmpty: Bool { elements.isEmpty }

    public mutating func reserve(_ count: Int) { elements.reserveCapacity(count) }

    public mutating func move(_ x: Double, _ y: Double) {
        elements.append(.move(Point(x: x, y: y)))
        hasCurrentPoint = true
    }

    public mutating func line(_ x: Double, _ y: Double) {
        elements.append(hasCurrentPoint ? .line(Point(x: x, y: y)) : .move(Point(x: x, y: y)))
        hasCurrentPoint = true
    }

    public mutating func curve(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ x: Double, _ y: Double) {
        if !hasCurrentPoint { move(x1, y1) }
        elements.append(.curve(Point(x: x1, y: y1), Point(x: x2, y: y2), Point(x: x, y: y)))
    }

    public mutating func close() {
        elements.append(.close)
        hasCurrentPoint = false
    }

    /// Ends the current sub-path without closing it, so the next arc starts afresh.
    public mutating func newSubpath() { hasCurrentPoint = false }

    /// Appends every element of `other`.
    public mutating func append(_ other: VectorPath) {
        elements.append(contentsOf: other.elements)
        hasCurrentPoint = false
    }

    /// A closed rectangle, clockwise from its top-left corner.
    public mutating func rectangle(_ x: Double, _ y: Double, _ width: Double, _ height: Double) {
        move(x, y)
        line(x + width, y)
        line(x + width, y + height)
        line(x, y + height)
        close()
    }

    /// A closed circle.
    public mutating func circle(centerX: Double, centerY: Double, radius: Double) {
        newSubpath()
        arc(centerX: centerX, centerY: centerY, radius: radius, from: 0, to: 2 * .pi)
        close()
    }

    /// An arc from angle `start` to `end` (radians, increasing clockwise on a y-down page,
    /// as cairo's `cairo_arc`), as cubic Béziers of at most a quarter turn each; joined to
    /// the current point by a line, or opening a sub-path when there is none.
    public mutating func arc(centerX: Double, centerY: Double, radius: Double, from start: Double, to end: Double) {
        var end = end
        while end < start { end += 2 * .pi }
        let segments = max(1, Int(((end - start) / (.pi / 2)).rounded(.up)))
        let step = (end - start) / Double(segments)
        // The control-point distance that makes a cubic follow a circle over `step`.
        let k = 4.0 / 3.0 * tan(step / 4) * radius
        var angle = start
        line(centerX + radius * cos(angle), centerY + radius * sin(angle))
        for _ in 0..<segments {
            let next = angle + step
            let (c0, s0, c1, s1) = (cos(angle), sin(angle), cos(next), sin(next))
            curve(centerX + radius * c0 - k * s0, centerY + radius * s0 + k * c0,
                  centerX + radius * c1 + k * s1, centerY + radius * s1 - k * c1,
                  centerX + radius * c1, centerY + radius * s1)
            angle = next
        }
    }
}
