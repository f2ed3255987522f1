import Foundation

/// One day's visitor hashes: a set of 64-bit SipHash values, open addressing with linear
/// probing over the hashes themselves.
///
/// The hashes are keyed SipHash outputs, already uniform, so the table indexes by their
/// top bits with no hashing of its own (`Set<UInt64>` hashed each again with a seeded
/// SipHash: the largest part of merging a block, measured). Zero marks an empty slot, so
/// a hash of zero is kept as two (the same lowest bit, so the same shard); two visitors
/// then collide with probability 2⁻⁶⁴.
struct VisitorSet {
    private var slots: [UInt64]
    private var shift: UInt64
    private(set) var count = 0

    /// An empty set with room for `minimumCapacity` hashes before it grows.
    init(minimumCapacity: Int = 512) {
        var size = 1024
        while size < minimumCapacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// The hashes of `blob` (little-endian words, as `blob` writes them) that belong to
    /// `shard`: those whose lowest bit is the shard's number (the table indexes by the top
    /// bits, so a shard still spreads over all its slots).
    ///
    /// Complexity: O(n) for n hashes.
    init(blob: Data, shard: Int) {
        self.init(minimumCapacity: blob.count / 16)
        blob.withUnsafeBytes { raw in
            for offset in stride(from: 0, to: raw.count - 7, by: 8) {
                let hash = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                if Self.shard(of: hash) == shard { insert(hash) }
            }
        }
    }

    /// Which of two shards keeps `hash`.
    @inline(__always)
    static func shard(of hash: UInt64) -> Int { Int(truncatingIfNeeded: hash & 1) }

    /// Adds `hash`; true if it was not there yet.
    ///
    /// Complexity: O(1) on average.
    @inline(__always)
    @discardableResult
    mutating func insert(_ hash: UInt64) -> Bool {
        if (count + 1) * 3 > slots.count * 2 { grow() }
        let key = hash == 0 ? 2 : hash
        let mask = slots.count - 1
        return slots.withUnsafeMutableBufferPointer { table in
            var index = Int(truncatingIfNeeded: key >> shift)
            while true {
                let slot = table[index]
                if slot == key { return false }
                if slot == 0 {
                    table[index] = key
                    count += 1
                    return true
                }
                index = (index + 1) & mask
            }
        }
    }

    /// The hashes as little-endian words, in table order: what `init(blob:)` reads.
    ///
    /// Complexity: O(capacity).
    var blob: Data {
        var data = Data(count: count * 8)
        data.withUnsafeMutableBytes { raw in
            var offset = 0
            for slot in slots where slot != 0 {
                raw.storeBytes(of: slot.littleEndian, toByteOffset: offset, as: UInt64.self)
                offset += 8
            }
        }
        return data
    }

    private mutating func grow() {
        var bigger = VisitorSet(minimumCapacity: slots.count)
        for slot in slots where slot != 0 { bigger.insert(slot) }
        self = bigger
    }
}
