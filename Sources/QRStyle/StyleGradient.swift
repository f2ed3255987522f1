import Foundation
import QRRender

/// A gradient over the dark modules: linear at an angle, or radial from the centre.
public struct StyleGradient: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case linear, radial
    }

    public struct Stop: Hashable, Sendable {
        public var color: RGBAColor
        /// 0...1 along the gradient.
        public var offset: Double

        public init(color: RGBAColor, offset: Double) {
            self.color = color
            self.offset = offset
        }
    }

    public var kind: Kind
    /// Degrees, clockwise from left-to-right (linear only).
    public var angle: Double
    public var stops: [Stop]

    public init(kind: Kind, angle: Double = 0, stops: [Stop]) {
        self.kind = kind
        self.angle = angle
        self.stops = stops
    }
}

extension StyleGradient {
    /// A linear gradient's start and end over the square of `side` at (`x`, `y`): through
    /// the centre at `angle`, across the whole square.
    func linearEnds(x: Double, y: Double, side: Double) -> (start: VectorPath.Point, end: VectorPath.Point) {
        let radians = angle * .pi / 180
        let half = side / 2, dx = cos(radians) * half, dy = sin(radians) * half
        return (.init(x: x + half - dx, y: y + half - dy), .init(x: x + half + dx, y: y + half + dy))
    }

    /// A radial gradient's centre and radius: from the centre to beyond the corners.
    func radialCircle(x: Double, y: Double, side: Double) -> (center: VectorPath.Point, radius: Double) {
        (.init(x: x + side / 2, y: y + side / 2), side / 2 * 1.42)
    }
}
