/// One of the eight data mask patterns, 0...7.
///
/// The initializer is range-checked, so a `QRMask` value is always valid.
public struct QRMask: Hashable, Sendable {
    /// The mask pattern reference, 0...7.
    public let number: Int

    /// Every valid mask number.
    public static let range: ClosedRange<Int> = 0...7
    /// All eight masks, in order.
    public static let all: [QRMask] = range.map { QRMask(unchecked: $0) }

    /// Creates a mask, or `nil` when `number` is outside 0...7.
    public init?(_ number: Int) {
        guard Self.range.contains(number) else { return nil }
        self.number = number
    }

    init(unchecked number: Int) {
        self.number = number
    }

    /// Whether the module at column `x`, row `y` is inverted by this mask.
    @inline(__always)
    func inverts(x: Int, y: Int) -> Bool {
        switch number {
        case 0: return (x + y) & 1 == 0
        case 1: return y & 1 == 0
        case 2: return x % 3 == 0
        case 3: return (x + y) % 3 == 0
        case 4: return (x / 3 + y / 2) & 1 == 0
        case 5: return (x * y) & 1 + (x * y) % 3 == 0
        case 6: return ((x * y) & 1 + (x * y) % 3) & 1 == 0
        default: return ((x + y) & 1 + (x * y) % 3) & 1 == 0
        }
    }
}

extension QRMask: CustomStringConvertible {
    public var description: String { "\(number)" }
}
