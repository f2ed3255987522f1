/// A symbol's modules as bit rows and, kept in step, bit columns, so masks apply as
/// XORs and the penalty rules run on whole words in both directions.
struct PackedGrid {
    let size: Int
    private(set) var rows: [BitRow]
    private(set) var columns: [BitRow]

    init(size: Int) {
        self.size = size
        rows = [BitRow](repeating: .zero, count: size)
        columns = [BitRow](repeating: .zero, count: size)
    }

    init(size: Int, modules: [Bool]) {
        self.init(size: size)
        withWriter { writer in
            for y in 0..<size {
                for x in 0..<size where modules[y * size + x] { writer.set(x: x, y: y, dark: true) }
            }
        }
    }

    mutating func set(x: Int, y: Int, dark: Bool) {
        withWriter { $0.set(x: x, y: y, dark: dark) }
    }

    @inline(__always)
    func isDark(x: Int, y: Int) -> Bool { rows[y].contains(x + BitRow.padding) }

    /// Calls `body` with a writer that sets modules without per-call copy-on-write checks.
    @inline(__always)
    mutating func withWriter(_ body: (inout Writer) -> Void) {
        rows.withUnsafeMutableBufferPointer { rows in
            columns.withUnsafeMutableBufferPointer { columns in
                var writer = Writer(rows: rows, columns: columns)
                body(&writer)
            }
        }
    }

    /// Where one module's bit lies: a word of the rows (counted over all rows, four per
    /// row) and a shift, and the same in the columns, packed as
    /// `rowWord << 22 | rowShift << 16 | columnWord << 6 | columnShift`.
    struct Slot {
        let packed: UInt32

        init(x: Int, y: Int) {
            let rowBit = x + BitRow.padding
            let columnBit = y + BitRow.padding
            packed = UInt32(y * 4 + rowBit / 64) << 22 | UInt32(rowBit % 64) << 16
                | UInt32(x * 4 + columnBit / 64) << 6 | UInt32(columnBit % 64)
        }
    }

    /// Sets modules in both the rows and the columns of a grid being written.
    struct Writer {
        let rows: UnsafeMutableBufferPointer<BitRow>
        let columns: UnsafeMutableBufferPointer<BitRow>

        var size: Int { rows.count }

        /// Sets the modules at `slots` that `bits` has set (first bit: the most significant
        /// of `bits[0]`), over light modules. Slots past the bits (the remainder bits) stay light.
        ///
        /// - Complexity: O(n) for n slots, without a branch per bit.
        mutating func place(_ bits: [UInt8], at slots: [Slot]) {
            // The slots index the rows and columns as flat arrays of words: a BitRow is four
            // of them (a homogeneous aggregate, so the memory may be viewed as its words).
            precondition(MemoryLayout<BitRow>.stride == 32 && MemoryLayout<BitRow>.offset(of: \.w3) == 24)
            Self.words(of: rows) { rowWords in
                Self.words(of: columns) { columnWords in
                    bits.withUnsafeBufferPointer { bits in
                        slots.withUnsafeBufferPointer { slots in
                            for index in 0..<min(slots.count, bits.count * 8) {
                                let bit = UInt64(bits[index >> 3] >> (7 - UInt8(index & 7)) & 1)
                                let slot = slots[index].packed
                                rowWords[Int(slot >> 22)] |= bit << UInt64(slot >> 16 & 63)
                                columnWords[Int(slot >> 6 & 0x3FF)] |= bit << UInt64(slot & 63)
                            }
                        }
                    }
                }
            }
        }

        @inline(__always)
        private static func words(of lines: UnsafeMutableBufferPointer<BitRow>,
                                  _ body: (UnsafeMutablePointer<UInt64>) -> Void) {
            guard let base = lines.baseAddress else { return }
            base.withMemoryRebound(to: UInt64.self, capacity: lines.count * 4, body)
        }

        /// Inverts every module that is dark in `pattern` (of the same size).
        ///
        /// - Complexity: O(size).
        @inline(__always)
        mutating func toggle(_ pattern: PackedGrid) {
            Self.toggle(rows, pattern.rows)
            Self.toggle(columns, pattern.columns)
        }

        @inline(__always)
        private static func toggle(_ lines: UnsafeMutableBufferPointer<BitRow>, _ pattern: [BitRow]) {
            pattern.withUnsafeBufferPointer { pattern in
                for index in 0..<lines.count { lines[index] = lines[index] ^ pattern[index] }
            }
        }

        @inline(__always)
        mutating func set(x: Int, y: Int, dark: Bool) {
            if dark {
                rows[y].insert(x + BitRow.padding)
                columns[x].insert(y + BitRow.padding)
            } else {
                rows[y].remove(x + BitRow.padding)
                columns[x].remove(y + BitRow.padding)
            }
        }
    }
}
