import Synchronization

/// The parts of a symbol that depend only on its version: function patterns,
/// version information, the order in which data bits fill the other modules, and
/// the eight mask patterns restricted to those modules.
///
/// Built once per version, on first use, and shared; encoding a symbol then only
/// places codewords and XORs masks, each with its format information.
struct SymbolTemplate: Sendable {
    let size: Int
    /// Every function pattern drawn; the format areas are light but for the always-dark module.
    let base: PackedGrid
    /// For each level and mask (at `maskIndex(level:mask:)`), the data modules the mask
    /// inverts and the format modules that are dark for that level and mask: one XOR
    /// applies both to `base` with data placed, and a second takes both off.
    let maskPatterns: [PackedGrid]
    /// Data modules in placement order (the two-column zigzag from the bottom right),
    /// each as where its bit lies in the grid's rows and in its columns (see `PackedGrid.Slot`).
    let dataSlots: [PackedGrid.Slot]

    // The cache sits behind a spin lock on an atomic flag rather than a `Mutex`: on Linux a
    // contended `Mutex` is handed over inside the kernel, where ThreadSanitizer cannot see
    // it (`make test-tsan` reported races between the holders), and QRCore uses no C, so
    // not pthreads either. The lock is held only to read or store one slot.
    private static let cacheHeld = Atomic<Bool>(false)
    nonisolated(unsafe) private static var cache = [SymbolTemplate?](repeating: nil, count: QRVersion.range.count)

    private static func withCache<Result>(_ body: (inout [SymbolTemplate?]) -> Result) -> Result {
        while !cacheHeld.compareExchange(expected: false, desired: true, successOrdering: .acquiring, failureOrdering: .relaxed).exchanged {}
        defer { cacheHeld.store(false, ordering: .releasing) }
        return body(&cache)
    }

    /// The template for `version`, built the first time it is asked for.
    ///
    /// - Complexity: O(size²) the first time, O(1) after.
    static func forVersion(_ version: QRVersion) -> SymbolTemplate {
        if let cached = withCache({ $0[version.number - 1] }) { return cached }
        let template = SymbolTemplate(version: version)
        withCache { $0[version.number - 1] = template }
        return template
    }

    private init(version: QRVersion) {
        var drawing = Drawing(size: version.size)
        drawing.drawTimingPatterns()
        drawing.drawFinderPatterns()
        drawing.drawAlignmentPatterns(at: Self.alignmentPositions(for: version))
        // Reserve the format areas now; their bits depend on the mask and are written later.
        FormatInformation.draw(bits: 0, into: &drawing.modules, size: drawing.size, isFunction: &drawing.isFunction)
        if version.number >= 7 { drawing.drawVersionInformation(version.number) }
        // The always-dark module stays dark: it is written with the format bits too.
        let size = drawing.size
        let isFunction = drawing.isFunction
        self.size = size
        base = PackedGrid(size: size, modules: drawing.modules)
        let dataPatterns = QRMask.all.map { mask in
            var pattern = PackedGrid(size: size)
            for y in 0..<size {
                for x in 0..<size where !isFunction[y * size + x] && mask.inverts(x: x, y: y) {
                    pattern.set(x: x, y: y, dark: true)
                }
            }
            return pattern
        }
        maskPatterns = (0..<4 * 8).map { index in
            var pattern = dataPatterns[index % 8]
            let levelBits = index / 8
            // The format bits for this level and mask, as FormatInformation.bits makes them.
            let level = ErrorCorrectionLevel.allCases.first { $0.formatBits == levelBits } ?? .medium
            FormatInformation.draw(bits: FormatInformation.bits(level: level, mask: QRMask(unchecked: index % 8)),
                                   into: &pattern, alwaysDark: false)
            return pattern
        }
        dataSlots = Self.zigzagOrder(size: size, isFunction: isFunction).map { PackedGrid.Slot(x: $0.x, y: $0.y) }
    }

    /// The data modules of `version` in the order codeword bits fill them (remainder bits
    /// last), for the codeword map; every other module is a function pattern.
    ///
    /// Complexity: O(size²); not cached (only logo checks ask).
    static func dataModuleOrder(for version: QRVersion) -> [(x: Int, y: Int)] {
        var drawing = Drawing(size: version.size)
        drawing.drawTimingPatterns()
        drawing.drawFinderPatterns()
        drawing.drawAlignmentPatterns(at: alignmentPositions(for: version))
        FormatInformation.draw(bits: 0, into: &drawing.modules, size: drawing.size, isFunction: &drawing.isFunction)
        if version.number >= 7 { drawing.drawVersionInformation(version.number) }
        return zigzagOrder(size: drawing.size, isFunction: drawing.isFunction)
    }

    /// Where `maskPatterns` holds the pattern for `level` and `mask`.
    @inline(__always)
    static func maskIndex(level: ErrorCorrectionLevel, mask: QRMask) -> Int {
        level.formatBits * 8 + mask.number
    }

    /// Alignment pattern centres on each axis (ISO/IEC 18004, annex E).
    ///
    /// The last centre sits 7 modules from the far edge, the first at 6, and the ones
    /// between are an even step apart, counted back from the last. Version 32's step
    /// is 26 where this rule would give 28; the standard's table says 26.
    static func alignmentPositions(for version: QRVersion) -> [Int] {
        let v = version.number
        guard v >= 2 else { return [] }
        let count = v / 7 + 2
        let last = version.size - 7
        let span = last - 6
        let step = v == 32 ? 26 : ((span + count - 2) / (count - 1) + 1) / 2 * 2
        var positions = [6]
        for index in stride(from: count - 2, through: 0, by: -1) { positions.append(last - index * step) }
        return positions
    }

    /// Data module positions in the order codeword bits fill them: column pairs from the
    /// right, skipping the vertical timing column, alternately upwards and downwards.
    private static func zigzagOrder(size: Int, isFunction: [Bool]) -> [(x: Int, y: Int)] {
        var order: [(x: Int, y: Int)] = []
        order.reserveCapacity(size * size)
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] {
                    order.append((x, y))
                }
            }
            right -= 2
        }
        return order
    }
}

/// A matrix under construction, with a record of which modules are function patterns.
private struct Drawing {
    let size: Int
    var modules: [Bool]
    var isFunction: [Bool]

    init(size: Int) {
        self.size = size
        modules = [Bool](repeating: false, count: size * size)
        isFunction = [Bool](repeating: false, count: size * size)
    }

    mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    mutating func drawTimingPatterns() {
        for index in 0..<size {
            set(6, index, index % 2 == 0)
            set(index, 6, index % 2 == 0)
        }
    }

    /// Finder patterns with their light separators, in three corners.
    mutating func drawFinderPatterns() {
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 {
                    let x = cx + dx
                    let y = cy + dy
                    guard x >= 0, x < size, y >= 0, y < size else { continue }
                    let ring = max(abs(dx), abs(dy))
                    set(x, y, ring != 2 && ring != 4)
                }
            }
        }
    }

    /// 5×5 alignment patterns at every pair of centres except the three finder corners.
    mutating func drawAlignmentPatterns(at positions: [Int]) {
        let last = positions.count - 1
        for (i, cx) in positions.enumerated() {
            for (j, cy) in positions.enumerated() {
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
    }

    /// The 18-bit version information: 6 bits of version and a BCH(18,6) remainder,
    /// in two 6×3 blocks beside the top-right and bottom-left finders.
    mutating func drawVersionInformation(_ version: Int) {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let a = size - 11 + index % 3
            let b = index / 3
            set(a, b, dark)
            set(b, a, dark)
        }
    }
}
