/// 256 bits: one row or column of a symbol, for word-parallel masking and scoring.
///
/// Bit `i` is module `i - 4`: four light padding bits sit before the first module,
/// and everything after the last is light too, like the quiet zone. The largest
/// symbol (177 modules) plus padding fits in 256 bits.
struct BitRow: Hashable, Sendable {
    var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

    /// Padding bits before module 0.
    static let padding = 4

    static let zero = BitRow()

    /// Bits `lower..<upper` set.
    static func range(_ lower: Int, _ upper: Int) -> BitRow {
        var row = BitRow()
        for bit in lower..<upper { row.insert(bit) }
        return row
    }

    @inline(__always)
    mutating func insert(_ bit: Int) {
        let mask = UInt64(1) << UInt64(bit & 63)
        switch bit >> 6 {
        case 0: w0 |= mask
        case 1: w1 |= mask
        case 2: w2 |= mask
        default: w3 |= mask
        }
    }

    @inline(__always)
    mutating func remove(_ bit: Int) {
        let mask = ~(UInt64(1) << UInt64(bit & 63))
        switch bit >> 6 {
        case 0: w0 &= mask
        case 1: w1 &= mask
        case 2: w2 &= mask
        default: w3 &= mask
        }
    }

    @inline(__always)
    func contains(_ bit: Int) -> Bool {
        let word = switch bit >> 6 {
        case 0: w0
        case 1: w1
        case 2: w2
        default: w3
        }
        return word >> UInt64(bit & 63) & 1 == 1
    }

    var popCount: Int {
        w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount
    }

    /// Moves every bit `n` places towards bit 0 (1 ≤ n < 64): bit i of the result is bit i + n.
    @inline(__always)
    static func >> (row: BitRow, n: Int) -> BitRow {
        let back = UInt64(64 - n)
        let shift = UInt64(n)
        return BitRow(w0: row.w0 >> shift | row.w1 << back, w1: row.w1 >> shift | row.w2 << back,
                      w2: row.w2 >> shift | row.w3 << back, w3: row.w3 >> shift)
    }

    /// Moves every bit `n` places away from bit 0 (1 ≤ n < 64): bit i of the result is bit i − n.
    @inline(__always)
    static func << (row: BitRow, n: Int) -> BitRow {
        let back = UInt64(64 - n)
        let shift = UInt64(n)
        return BitRow(w0: row.w0 << shift, w1: row.w1 << shift | row.w0 >> back,
                      w2: row.w2 << shift | row.w1 >> back, w3: row.w3 << shift | row.w2 >> back)
    }

    @inline(__always)
    static func & (a: BitRow, b: BitRow) -> BitRow {
        BitRow(w0: a.w0 & b.w0, w1: a.w1 & b.w1, w2: a.w2 & b.w2, w3: a.w3 & b.w3)
    }

    @inline(__always)
    static func ^ (a: BitRow, b: BitRow) -> BitRow {
        BitRow(w0: a.w0 ^ b.w0, w1: a.w1 ^ b.w1, w2: a.w2 ^ b.w2, w3: a.w3 ^ b.w3)
    }

    @inline(__always)
    static prefix func ~ (a: BitRow) -> BitRow {
        BitRow(w0: ~a.w0, w1: ~a.w1, w2: ~a.w2, w3: ~a.w3)
    }
}
