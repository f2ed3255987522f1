/// SipHash-2-4 (Aumasson and Bernstein): a keyed 64-bit hash. With a secret key it is a
/// pseudorandom function, so a visitor's hash reveals nothing without the key, and it is
/// stable across runs (unlike Swift's `Hasher`, which is seeded per process).
struct SipHash {
    private var v0: UInt64, v1: UInt64, v2: UInt64, v3: UInt64
    private var tail: UInt64 = 0
    private var tailCount = 0
    private var length = 0

    init(key0: UInt64, key1: UInt64) {
        v0 = key0 ^ 0x736f_6d65_7073_6575
        v1 = key1 ^ 0x646f_7261_6e64_6f6d
        v2 = key0 ^ 0x6c79_6765_6e65_7261
        v3 = key1 ^ 0x7465_6462_7974_6573
    }

    @inline(__always)
    private mutating func round() {
        v0 &+= v1; v1 = v1.rotated(13); v1 ^= v0; v0 = v0.rotated(32)
        v2 &+= v3; v3 = v3.rotated(16); v3 ^= v2
        v0 &+= v3; v3 = v3.rotated(21); v3 ^= v0
        v2 &+= v1; v1 = v1.rotated(17); v1 ^= v2; v2 = v2.rotated(32)
    }

    @inline(__always)
    private mutating func compress(_ word: UInt64) {
        v3 ^= word
        round(); round()
        v0 ^= word
    }

    /// Adds bytes.
    ///
    /// Complexity: O(n).
    mutating func combine(_ bytes: UnsafeBufferPointer<UInt8>) {
        length += bytes.count
        var index = 0
        while tailCount > 0, tailCount < 8, index < bytes.count {
            tail |= UInt64(bytes[index]) << (8 * tailCount)
            tailCount += 1
            index += 1
        }
        if tailCount == 8 {
            compress(tail)
            tail = 0
            tailCount = 0
        }
        while index + 8 <= bytes.count {
            var word: UInt64 = 0
            for offset in 0..<8 { word |= UInt64(bytes[index + offset]) << (8 * offset) }
            compress(word)
            index += 8
        }
        while index < bytes.count {
            tail |= UInt64(bytes[index]) << (8 * tailCount)
            tailCount += 1
            index += 1
        }
    }

    mutating func combine(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { combine($0.bindMemory(to: UInt8.self)) }
    }

    /// The hash of everything added.
    consuming func finalize() -> UInt64 {
        compress(tail | (UInt64(truncatingIfNeeded: length) << 56))
        v2 ^= 0xFF
        round(); round(); round(); round()
        return v0 ^ v1 ^ v2 ^ v3
    }
}

private extension UInt64 {
    @inline(__always)
    func rotated(_ count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}
