/// A hash table from 64-bit keys to values, open addressing with linear probing and a
/// multiplicative hash: for the per-line lookups of an ingest (counts, caches), where
/// `Dictionary`'s seeded SipHash was a tenth of the time (measured).
struct FlatTable<Value> {
    /// Key, whether the slot is taken, and value side by side: one cache line per probe.
    fileprivate struct Slot {
        var key: UInt64
        var used: Bool
        var value: Value
    }

    private var slots: [Slot]
    private let filler: Value
    private var shift: UInt64
    private(set) var count = 0

    /// An empty table; `filler` fills unused slots (any value will do).
    init(filler: Value, minimumCapacity: Int = 64) {
        var size = 64
        while size < minimumCapacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(key: 0, used: false, value: filler), count: size)
        self.filler = filler
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private func slot(for key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The value for `key`, if any. Complexity: O(1) on average.
    subscript(key: UInt64) -> Value? {
        var index = slot(for: key)
        let mask = slots.count - 1
        while slots[index].used {
            if slots[index].key == key { return slots[index].value }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Calls `update` with the value for `key` (inserting `initial` first if absent).
    @inline(__always)
    mutating func update(_ key: UInt64, initial: @autoclosure () -> Value, _ update: (inout Value) -> Void) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        var index = slot(for: key)
        let mask = slots.count - 1
        while slots[index].used {
            if slots[index].key == key {
                update(&slots[index].value)
                return
            }
            index = (index + 1) & mask
        }
        var value = initial()
        update(&value)
        slots[index] = Slot(key: key, used: true, value: value)
        count += 1
    }

    mutating func set(_ key: UInt64, _ value: Value) {
        update(key, initial: value) { $0 = value }
    }

    /// Every entry, in no particular order.
    func forEach(_ body: (UInt64, Value) -> Void) {
        for slot in slots where slot.used { body(slot.key, slot.value) }
    }

    private mutating func grow() {
        var bigger = FlatTable(filler: filler, minimumCapacity: slots.count)
        forEach { bigger.set($0, $1) }
        self = bigger
    }
}

extension FlatTable: Sendable where Value: Sendable {}

extension FlatTable.Slot: Sendable where Value: Sendable {}
