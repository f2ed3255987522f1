@testable import QRAnalytics
import Testing

/// The bot cache's key is a seeded `FastHash`: a user agent crafted to collide with a
/// real one under a seed an attacker knows (or no seed at all) no longer collides.
@Suite struct FastHashSeedTests {
    /// The inverse of `FastHash.mix`: the mixer is a bijection, which is what made the
    /// unseeded hash open to crafted collisions.
    static func unmix(_ value: UInt64) -> UInt64 {
        func inverse(_ odd: UInt64) -> UInt64 {
            var x = odd  // Newton's iteration doubles the correct low bits each step
            for _ in 0..<6 { x = x &* (2 &- odd &* x) }
            return x
        }
        var x = value
        x ^= x >> 29
        x ^= x >> 58
        x = x &* inverse(0xBF58_476D_1CE4_E5B9)
        x ^= x >> 31
        x ^= x >> 62
        return x &* inverse(0x9E37_79B9_7F4A_7C15)
    }

    static func hash(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
        bytes.withUnsafeBufferPointer { FastHash.hash($0, seed: seed) }
    }

    /// An agent of `target`'s length that starts with "bot" and hashes like `target`
    /// under `seed`: the first lane's second block (bytes 32 to 40) is solved for, the
    /// rest copied.
    static func collision(with target: [UInt8], seed: UInt64) -> [UInt8] {
        var forged = target
        forged.replaceSubrange(0..<8, with: Array("bot-bot-".utf8))
        func load(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
            (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
        }
        let start = FastHash.mix(0x243F_6A88_85A3_08D3 ^ seed) ^ UInt64(target.count)
        let targetLane = FastHash.mix(FastHash.mix(start ^ load(target, 0)) ^ load(target, 32))
        let forgedFirst = FastHash.mix(start ^ load(forged, 0))
        let block = unmix(targetLane) ^ forgedFirst
        forged.replaceSubrange(32..<40, with: (0..<8).map { UInt8(truncatingIfNeeded: block >> (8 * UInt64($0))) })
        return forged
    }

    @Test func aCollisionMadeForOneSeedDoesNotHoldUnderAnother() {
        let iPhone = Array("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1".utf8)
        for value in [0, 1, 0xDEAD_BEEF, UInt64.max] as [UInt64] { #expect(Self.unmix(FastHash.mix(value)) == value) }
        let forged = Self.collision(with: iPhone, seed: 0)
        #expect(forged != iPhone && forged.starts(with: Array("bot".utf8)))
        #expect(Self.hash(forged, seed: 0) == Self.hash(iPhone, seed: 0), "the attack works when the seed is known")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let seed = generator.next() as UInt64
            #expect(Self.hash(forged, seed: seed) != Self.hash(iPhone, seed: seed))
        }
    }
}
