/// A hash table from 64-bit keys to values, open addressing with linear probing and a
/// multiplicative hash: for the per-line lookups of an ingest (counts, caches), where
/// `Dictionary`'s seeded SipHash was a tenth of the time (measured).
struct FlatTable<Value> {
    private var keys: [UInt64]
    private var used: [Bool]
    private var values: [Value]
    private let filler: Value
    private var shift: UInt64
    private(set) var count = 0

    /// An empty table; `filler` fills unused slots (any value will do).
    init(filler: Value, minimumCapacity: Int = 64) {
        var size = 64
        while size < minimumCapacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        used = [Bool](repeating: false, count: size)
        values = [Value](repeating: filler, count: size)
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
        let mask = keys.count - 1
        while used[index] {
            if keys[index] == key { return values[index] }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Calls `update` with the value for `key` (inserting `initial` first if absent).
    @inline(__always)
    mutating func update(_ key: UInt64, initial: @autoclosure () -> Value, _ update: (inout Value) -> Void) {
        if (count + 1) * 4 > keys.count * 3 { grow() }
        var index = slot(for: key)
        let mask = keys.count - 1
        while used[index] {
            if keys[index] == key {
                update(&values[index])
                return
            }
            index = (index + 1) & mask
        }
        var value = initial()
        update(&value)
        keys[index] = key
        used[index] = true
        values[index] = value
        count += 1
    }

    mutating func set(_ key: UInt64, _ value: Value) {
        update(key, initial: value) { $0 = value }
    }

    /// Every entry, in no particular order.
    func forEach(_ body: (UInt64, Value) -> Void) {
        for index in keys.indices where used[index] { body(keys[index], values[index]) }
    }

    private mutating func grow() {
        var bigger = FlatTable(filler: filler, minimumCapacity: keys.count)
        forEach { bigger.set($0, $1) }
        self = bigger
    }
}

extension FlatTable: Sendable where Value: Sendable {}
