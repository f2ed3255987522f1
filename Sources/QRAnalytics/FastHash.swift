/// A quick 64-bit hash of bytes, eight at a time, for in-memory cache keys (user agents,
/// addresses), seeded with a secret: the mixer is invertible, so without a seed anyone
/// could write a user agent that collides with iPhone Safari's and have real scans
/// cached as bots. Not for storage: what is stored goes through ``SipHash``.
enum FastHash {
    /// Complexity: O(n), about a byte per cycle's tenth.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var state: UInt64 = mix(0x243F_6A88_85A3_08D3 ^ seed) ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return mix(state) }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        if bytes.count >= 32 {
            // Four lanes, 32 bytes a round: one lane's multiplies wait on each other, four
            // lanes' do not (a user agent, 100 to 300 bytes, hashes about twice as fast).
            var lanes = (state, state ^ 0xA409_3822_299F_31D0, state ^ 0x082E_FA98_EC4E_6C89, state ^ 0x4528_21E6_38D0_1377)
            while offset + 32 <= bytes.count {
                lanes.0 = mix(lanes.0 ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                lanes.1 = mix(lanes.1 ^ raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                lanes.2 = mix(lanes.2 ^ raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                lanes.3 = mix(lanes.3 ^ raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
                offset += 32
            }
            state = mix(mix(mix(lanes.0 ^ lanes.1.rotated(by: 17)) ^ lanes.2.rotated(by: 31)) ^ lanes.3.rotated(by: 47))
        }
        while offset + 8 <= bytes.count {
            state = mix(state ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        return mix(mix(state ^ tail) ^ 0x1319_8A2E_0370_7344 ^ seed)
    }

    /// A multiply-xorshift finaliser (as in splitmix64): every input bit moves every output bit.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 31
        x = x &* 0xBF58_476D_1CE4_E5B9
        return x ^ (x >> 29)
    }
}

private extension UInt64 {
    @inline(__always)
    func rotated(by count: UInt64) -> UInt64 { self << count | self >> (64 - count) }
}
