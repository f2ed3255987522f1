/// A greyscale image, one byte a pixel, rows packed: what a decoder reads.
public struct GrayImage: Sendable {
    public let width, height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 255, count: width * height)
    }
}
