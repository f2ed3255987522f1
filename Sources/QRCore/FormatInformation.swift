/// The 15-bit format information: error correction level and mask, protected by a
/// BCH(15,5) code and XOR-ed with 0x5412 so it is never all light.
enum FormatInformation {
    /// The format bits for `level` and `mask`.
    ///
    /// - Complexity: O(1).
    static func bits(level: ErrorCorrectionLevel, mask: QRMask) -> Int {
        let data = level.formatBits << 3 | mask.number
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// Writes both copies of `bits` and the always-dark module, marking them as function modules.
    static func draw(bits: Int, into modules: inout [Bool], size: Int, isFunction: inout [Bool]) {
        forEachPosition(size: size) { x, y, bit in
            modules[y * size + x] = bit < 0 || (bits >> bit) & 1 == 1
            isFunction[y * size + x] = true
        }
    }

    /// Writes both copies of `bits`, and the always-dark module if `alwaysDark`.
    static func draw(bits: Int, into grid: inout PackedGrid, alwaysDark: Bool) {
        let size = grid.size
        grid.withWriter { writer in
            forEachPosition(size: size) { x, y, bit in
                writer.set(x: x, y: y, dark: bit < 0 ? alwaysDark : (bits >> bit) & 1 == 1)
            }
        }
    }

    /// Calls `body(x, y, bit number)` for every format module;
    /// bit number −1 is the module that is always dark.
    @inline(__always)
    private static func forEachPosition(size: Int, _ body: (Int, Int, Int) -> Void) {
        // First copy, around the top-left finder: bits 0–7 down column 8, 8–14 along row 8.
        for bit in 0...5 { body(8, bit, bit) }
        body(8, 7, 6)
        body(8, 8, 7)
        body(7, 8, 8)
        for bit in 9..<15 { body(14 - bit, 8, bit) }
        // Second copy: bits 0–7 along row 8 from the right edge, 8–14 up column 8 at the bottom.
        for bit in 0..<8 { body(size - 1 - bit, 8, bit) }
        for bit in 8..<15 { body(8, size - 15 + bit, bit) }
        body(8, size - 8, -1)
    }
}
