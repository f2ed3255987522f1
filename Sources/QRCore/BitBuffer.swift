/// A growable sequence of bits, most significant bit first, packed into bytes.
public struct BitBuffer: Hashable, Sendable {
    /// The packed bits; the unused low bits of the last byte are zero.
    public private(set) var bytes: [UInt8]
    /// How many bits the buffer holds.
    public private(set) var count: Int

    /// Creates an empty buffer.
    public init() {
        bytes = []
        count = 0
    }

    /// Creates an empty buffer with room for `bitCapacity` bits.
    public init(minimumCapacity bitCapacity: Int) {
        bytes = []
        bytes.reserveCapacity((bitCapacity + 7) / 8)
        count = 0
    }

    /// Appends the low `width` bits of `value`, most significant first.
    ///
    /// - Precondition: `0 <= width <= 32` and `value` fits in `width` bits.
    /// - Complexity: O(`width`) amortised.
    public mutating func append(_ value: Int, bits width: Int) {
        precondition(width >= 0 && width <= 32 && value >> width == 0, "value does not fit in \(width) bits")
        var remaining = width
        while remaining > 0 {
            let used = count & 7
            if used == 0 { bytes.append(0) }
            let room = 8 - used
            let take = min(room, remaining)
            let chunk = (value >> (remaining - take)) & ((1 << take) - 1)
            bytes[bytes.count - 1] |= UInt8(chunk << (room - take))
            remaining -= take
            count += take
        }
    }

    /// Appends every bit of `other`.
    ///
    /// - Complexity: O(`other.count`).
    public mutating func append(contentsOf other: BitBuffer) {
        if count & 7 == 0 {
            bytes.append(contentsOf: other.bytes)
            count += other.count
            return
        }
        var index = 0
        while index + 8 <= other.count {
            append(Int(other.bytes[index >> 3]), bits: 8)
            index += 8
        }
        if index < other.count {
            let rest = other.count - index
            append(Int(other.bytes[index >> 3]) >> (8 - rest), bits: rest)
        }
    }

    /// The bit at `index`, counting from the first bit appended.
    public subscript(index: Int) -> Bool {
        bytes[index >> 3] >> (7 - UInt8(index & 7)) & 1 == 1
    }
}
