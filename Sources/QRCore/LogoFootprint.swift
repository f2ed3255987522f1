/// The area a logo clears in the middle of a symbol: the logo and its padding, a square or
/// a circle centred on the symbol, measured in modules.
public struct LogoFootprint: Hashable, Sendable {
    public enum Shape: String, Sendable {
        case square, circle
    }

    public var shape: Shape
    /// The cleared area's width (the circle's diameter), in modules.
    public var width: Double

    public init(shape: Shape, width: Double) {
        self.shape = shape
        self.width = width
    }

    /// Whether the module at (`x`, `y`) (the unit square from there) overlaps the
    /// footprint of a symbol `size` modules wide; a module touched at all is cleared.
    public func covers(x: Int, y: Int, size: Int) -> Bool {
        let center = Double(size) / 2, half = width / 2
        let left = Double(x), top = Double(y)
        switch shape {
        case .square:
            return left < center + half && left + 1 > center - half && top < center + half && top + 1 > center - half
        case .circle:
            // The nearest point of the module's square to the centre.
            let nearestX = min(max(center, left), left + 1), nearestY = min(max(center, top), top + 1)
            let dx = nearestX - center, dy = nearestY - center
            return dx * dx + dy * dy < half * half
        }
    }
}
