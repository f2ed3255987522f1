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
    /// - Complexity: O(`other.count` / 8).
    public mutating func append(contentsOf other: BitBuffer) {
        appendPacked(other.bytes, bitCount: other.count)
    }

    /// Appends `bitCount` bits packed in `packed`, most significant first, with the unused
    /// low bits of its last byte zero: whole bytes when this buffer ends on a byte boundary,
    /// else each byte split across two, never a bit at a time.
    ///
    /// - Complexity: O(`bitCount` / 8).
    mutating func appendPacked(_ packed: some Collection<UInt8>, bitCount: Int) {
        let used = count & 7
        if used == 0 {
            bytes.append(contentsOf: packed)
        } else {
            bytes.reserveCapacity((count + bitCount + 7) / 8)
            for byte in packed {
                bytes[bytes.count - 1] |= byte >> used
                bytes.append(byte << (8 - used))
            }
        }
        count += bitCount
        // The last byte of `packed` may have fitted in the free bits before it.
        let needed = (count + 7) / 8
        if bytes.count > needed { bytes.removeLast(bytes.count - needed) }
    }

    /// The bit at `index`, counting from the first bit appended.
    public subscript(index: Int) -> Bool {
        bytes[index >> 3] >> (7 - UInt8(index & 7)) & 1 == 1
    }
}
