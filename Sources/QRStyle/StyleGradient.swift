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
