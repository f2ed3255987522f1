/// One row of a symbol's modules as bits, for renderers that work a word at a time.
///
/// 1 is dark. Modules past the row's end read as light, like the quiet zone.
public struct RowBits: Sendable {
    /// The row as ``BitRow`` holds it: module `x` is bit `x + BitRow.padding` of the 256.
    @usableFromInline let w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    init(_ row: BitRow) {
        (w0, w1, w2, w3) = (row.w0, row.w1, row.w2, row.w3)
    }

    /// `count` modules from column `x`, module `x` in the least significant bit.
    ///
    /// - Precondition: `x >= 0` and `1 <= count <= 64`.
    /// - Complexity: O(1).
    @inlinable @inline(__always)
    public func bits(from x: Int, count: Int) -> UInt64 {
        let position = x + 4  // BitRow.padding
        let offset = UInt64(position & 63)
        let low = word(position >> 6) >> offset
        // A shift by 64 would be undefined: an aligned read needs nothing from the next word.
        let high = offset == 0 ? 0 : word(position >> 6 + 1) << (64 - offset)
        let mask = count >= 64 ? UInt64.max : (UInt64(1) << UInt64(count)) - 1
        return (low | high) & mask
    }

    /// The runs of dark modules among the first `modules`, left to right, each as the
    /// range of columns it covers.
    ///
    /// - Precondition: `modules` is at most the symbol's size.
    /// - Complexity: O(modules / 64 + runs): light and dark stretches are measured 64
    ///   modules at a time.
    @inlinable
    public func darkRuns(among modules: Int) -> DarkRuns {
        DarkRuns(row: self, modules: modules)
    }

    @inlinable @inline(__always)
    func word(_ index: Int) -> UInt64 {
        switch index {
        case 0: w0
        case 1: w1
        case 2: w2
        case 3: w3
        default: 0
        }
    }
}
