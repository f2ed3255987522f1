import QRRender

/// The three finder patterns, drawn apart from the data modules: an outer 7×7 ring and
/// an inner 3×3 eye, each in a shape and colour of its own.
///
/// Only shapes every tested reader finds are offered. Rings that are not square (rounded,
/// circle, leaf) and round, dotted or diamond eyes were measured across versions 2-15 and all
/// module shapes: OpenCV's QR readers missed 2 to 100% of such codes, so they are not drawn.
public struct FinderStyle: Hashable, Sendable {
    public enum Outer: String, CaseIterable, Sendable {
        case square
    }

    public enum Inner: String, CaseIterable, Sendable {
        case square, rounded
    }

    /// Shapes other tools draw that qrbuild refuses, and why, for the error message.
    public static let refusedShapes: [String: String] = [
        "rounded": "a rounded ring", "circle": "a round ring or eye", "leaf": "a leaf-shaped ring", "dot": "a dot eye", "diamond": "a diamond eye",
    ]

    public var outer: Outer
    public var inner: Inner
    /// The ring's colour; nil: the foreground.
    public var color: RGBAColor?
    /// The eye's colour; nil: the ring's.
    public var innerColor: RGBAColor?

    public init(outer: Outer = .square, inner: Inner = .square, color: RGBAColor? = nil, innerColor: RGBAColor? = nil) {
        self.outer = outer
        self.inner = inner
        self.color = color
        self.innerColor = innerColor
    }
}
