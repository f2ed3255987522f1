extension RowBits {
    /// The runs of dark modules in a row (see ``darkRuns(among:)``).
    public struct DarkRuns: Sequence, IteratorProtocol {
        @usableFromInline let row: RowBits
        @usableFromInline let modules: Int
        @usableFromInline var x = 0

        @inlinable
        init(row: RowBits, modules: Int) {
            self.row = row
            self.modules = modules
        }

        @inlinable
        public mutating func next() -> Range<Int>? {
            while x < modules {
                let ahead = row.bits(from: x, count: 64)
                guard ahead != 0 else {
                    x += 64
                    continue
                }
                x += ahead.trailingZeroBitCount
                let start = x
                // Modules past the row read light, so a run ends at the row's end at the latest.
                var darkRun = 0
                repeat {
                    darkRun = (row.bits(from: x, count: 64) ^ UInt64.max).trailingZeroBitCount
                    x += darkRun
                } while darkRun == 64
                return start..<x
            }
            return nil
        }
    }
}
