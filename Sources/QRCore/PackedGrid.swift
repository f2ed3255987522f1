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

    /// Sets modules in both the rows and the columns of a grid being written.
    struct Writer {
        let rows: UnsafeMutableBufferPointer<BitRow>
        let columns: UnsafeMutableBufferPointer<BitRow>

        var size: Int { rows.count }

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
