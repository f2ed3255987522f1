/// The countries of client addresses already looked up, shared by the counters of an
/// ingest: both read it while they parse a block, and it takes their new lookups between
/// blocks, when neither is reading.
///
/// One word per slot: the top 48 bits of the address's digest as a tag, the country in
/// the low 16. Half the size of a table of (key, flag, value) slots, and one table for
/// both cores instead of a copy each: the lookup of every line was waiting on memory
/// (measured: three quarters of its time on one load). A false match needs two of the
/// cached addresses to share 48 bits of a 64-bit digest, about one chance in 10⁹ per
/// lookup at a million addresses; it would cost one scan its country.
final class CountryCache: @unchecked Sendable {
    // @unchecked: `insert` is only called between blocks, while no counter reads.
    private var slots: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private var shift: UInt64
    private(set) var count = 0
    /// Addresses kept at most, so memory stays bounded on logs with millions of clients.
    static let limit = 1 << 20

    init() {
        capacity = 1 << 16
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
    }

    deinit {
        slots.deallocate()
    }

    @inline(__always)
    private static func tag(_ digest: UInt64) -> UInt64 {
        digest & 0xFFFF_FFFF_FFFF_0000 | 0x8000_0000_0000_0000  // never 0, the empty slot
    }

    /// The first slot to probe: from the tag alone, so that growing can place slots again.
    @inline(__always)
    private func start(_ tag: UInt64) -> Int {
        Int(truncatingIfNeeded: (tag &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The country cached for the address with `digest` (a `FastHash` of its text).
    ///
    /// Complexity: O(1) on average.
    @inline(__always)
    func country(of digest: UInt64) -> UInt16? {
        let tag = Self.tag(digest)
        let mask = capacity - 1
        var index = start(tag)
        while true {
            let slot = slots[index]
            if slot == 0 { return nil }
            if slot & 0xFFFF_FFFF_FFFF_0000 == tag { return UInt16(truncatingIfNeeded: slot) }
            index = (index + 1) & mask
        }
    }

    /// Caches `country` for the address with `digest`; only between blocks.
    func insert(_ digest: UInt64, country: UInt16) {
        guard count < Self.limit else { return }
        if (count + 1) * 4 > capacity * 3 { grow() }
        let tag = Self.tag(digest)
        let mask = capacity - 1
        var index = start(tag)
        while slots[index] != 0 {
            if slots[index] & 0xFFFF_FFFF_FFFF_0000 == tag { return }
            index = (index + 1) & mask
        }
        slots[index] = tag | UInt64(country)
        count += 1
    }

    private func grow() {
        let old = slots, oldCapacity = capacity
        capacity *= 2
        shift -= 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        let mask = capacity - 1
        for position in 0..<oldCapacity where old[position] != 0 {
            var index = start(old[position] & 0xFFFF_FFFF_FFFF_0000)
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = old[position]
        }
        old.deallocate()
    }
}
