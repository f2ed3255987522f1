/// The standard's four penalty rules (ISO/IEC 18004, 7.8.3), used to pick a mask.
///
/// - N1: each run of 5 or more same-colour modules in a row or column scores 3, plus 1
///   for each module beyond 5.
/// - N2: each 2×2 block of one colour scores 3 (overlapping blocks count separately).
/// - N3: each dark-light-dark×3-light-dark (1:1:3:1:1) pattern in a row or column scores 40
///   for each side on which it has 4 light modules; outside the symbol counts as light,
///   because the quiet zone is.
/// - N4: 10 for every full 5% by which the dark share deviates from 50%.
///
/// Every rule runs on 256-bit rows and columns (``BitRow``), a word at a time.
public enum MaskPenalty {
    /// The total penalty of a finished symbol.
    ///
    /// - Complexity: O(size) word operations.
    public static func score(of code: QRCode) -> Int {
        score(PackedGrid(size: code.size, modules: code.modules))
    }

    static func score(_ grid: PackedGrid) -> Int {
        var grid = grid
        var total = 0
        grid.withWriter { total = score($0) }
        return total
    }

    /// The penalty of the grid being written.
    static func score(_ grid: PackedGrid.Writer) -> Int {
        let rows = UnsafeBufferPointer(grid.rows)
        let columns = UnsafeBufferPointer(grid.columns)
        // Versions 1–9 (53 modules + 8 padding) fit one machine word: four times less work.
        if grid.size + 2 * BitRow.padding <= 64 {
            return score(rows: rows.lazy.map(\.w0), columns: columns.lazy.map(\.w0), size: grid.size)
        }
        return score(rows: rows, columns: columns, size: grid.size)
    }

    @inline(__always)
    private static func score<Lines: RandomAccessCollection>(rows: Lines, columns: Lines, size: Int) -> Int
    where Lines.Element: PenaltyLine, Lines.Index == Int {
        // Bit i is set where modules i and i + 1 both lie inside the symbol.
        let pairs = Lines.Element.range(BitRow.padding, BitRow.padding + size - 1)
        var total = lines(rows, pairs: pairs) + lines(columns, pairs: pairs)
        var dark = 0
        var upper = rows[rows.startIndex]
        for y in 1..<size {
            let lower = rows[rows.startIndex + y]
            let sameVertically = ~(upper ^ lower)
            let sameHorizontally = ~(upper ^ (upper >> 1))
            total += 3 * (sameVertically & (sameVertically >> 1) & sameHorizontally & pairs).popCount
            dark += upper.popCount
            upper = lower
        }
        dark += upper.popCount
        let cells = size * size
        // 20·dark/cells − 10 is the deviation from 50% in units of 5%.
        total += abs(dark * 20 - cells * 10) / cells * 10
        return total
    }

    /// N1 and N3 over a set of rows or columns.
    @inline(__always)
    private static func lines<Lines: Collection>(_ lines: Lines, pairs: Lines.Element) -> Int
    where Lines.Element: PenaltyLine {
        var total = 0
        for line in lines {
            // N1: a run of L ≥ 5 equal modules is L − 1 equal neighbour pairs, which hold
            // L − 4 windows of four pairs; L − 4 plus 2 for the run's start is L − 2 = 3 + (L − 5).
            let equal = ~(line ^ (line >> 1)) & pairs
            let windows = equal & (equal >> 1) & (equal >> 2) & (equal >> 3)
            total += windows.popCount + 2 * (windows & ~(windows << 1)).popCount
            // N3: 1011101 starting at bit i, then four light modules before or after it.
            let light = ~line
            let pattern = line & (light >> 1) & (line >> 2) & (line >> 3) & (line >> 4) & (light >> 5) & (line >> 6)
            if pattern != .zero {
                let fourLight = light & (light >> 1) & (light >> 2) & (light >> 3)
                total += 40 * ((pattern & (fourLight << 4)).popCount + (pattern & (fourLight >> 7)).popCount)
            }
        }
        return total
    }
}

/// A row or column of modules as bits, with the operations the penalty rules need.
protocol PenaltyLine: Equatable {
    static var zero: Self { get }
    static func range(_ lower: Int, _ upper: Int) -> Self
    var popCount: Int { get }
    static func >> (line: Self, n: Int) -> Self
    static func << (line: Self, n: Int) -> Self
    static func & (a: Self, b: Self) -> Self
    static func ^ (a: Self, b: Self) -> Self
    static prefix func ~ (a: Self) -> Self
}

extension BitRow: PenaltyLine {}

extension UInt64: PenaltyLine {
    static func range(_ lower: Int, _ upper: Int) -> UInt64 {
        (upper - lower >= 64 ? ~0 : (UInt64(1) << UInt64(upper - lower)) - 1) << UInt64(lower)
    }

    var popCount: Int { nonzeroBitCount }
}
