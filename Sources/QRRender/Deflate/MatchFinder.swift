/// Finds the longest match at a position for `ImageDeflater`: at each fixed distance,
/// then at the last place the same three bytes were seen. Only positions that no fixed
/// distance covers well go into that table, so it finds some of what zlib's search
/// would (a finder pattern's row, a run of modules) and costs nothing on repeated rows.
///
/// Positions are in the distinct rows; distances are in the expanded data, where an
/// earlier row is read from its last copy.
struct MatchFinder {
    static let tableSize = 1 << 10
    /// A match this long is taken as it is: no table lookup, no lazy step.
    static let goodLength = 32

    let base: UnsafePointer<UInt8>
    let layout: RowLayout
    let distances: UnsafeBufferPointer<Int>
    /// Per hash of three bytes, the last position they were seen at, with its row:
    /// `row << 32 | position`, or −1. Keeping the row saves a division per lookup.
    let recent: UnsafeMutableBufferPointer<Int>

    /// The longest match at `position`, which lies in distinct row `row` (length 0 if
    /// none), with its distance in the expanded data; records the position for later lookups.
    ///
    /// - Complexity: O(d + 1) comparisons for d distances, each up to 258 bytes, eight at a time.
    @inline(__always)
    func longest(at position: Int, row: Int) -> (length: Int, distance: Int) {
        let rowStart = row * layout.rowLength
        let end = min(position + 258, layout.contiguousEnd[row])
        let expanded = layout.firstCopy[row] + position - rowStart
        var best = (length: 0, distance: 0)
        for distance in distances where distance <= position {
            let source = position - distance
            let sourceRow = source >= rowStart ? row
                : source >= rowStart - layout.rowLength ? row - 1 : source / layout.rowLength
            if let match = compare(position, with: source, in: sourceRow, row: row, end: end, expanded: expanded),
               match.length > best.length {
                best = match
                if match.length >= Self.goodLength { return best }
            }
        }
        guard end - position >= 4, layout.count - position >= 4 else { return best }
        // The first three bytes of a little-endian load: deflate's shortest match.
        let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt32.self) & 0xFF_FFFF
        let key = Int((word &* 2_654_435_761) >> 22)
        let earlier = recent[key]
        recent[key] = row << 32 | position
        if earlier >= 0,
           let match = compare(position, with: earlier & 0xFFFF_FFFF, in: earlier >> 32, row: row, end: end, expanded: expanded),
           match.length > best.length {
            best = match
        }
        return best
    }

    /// The match at `position` against `source` in distinct row `sourceRow`, if `source` is
    /// within deflate's window. A source in the same row is read from its first copy; one in
    /// an earlier row from its last copy (the nearest), after which the expanded data goes
    /// on with the next distinct row.
    @inline(__always)
    private func compare(_ position: Int, with source: Int, in sourceRow: Int, row: Int, end: Int,
                         expanded: Int) -> (length: Int, distance: Int)? {
        let distance = sourceRow == row
            ? position - source
            : expanded - (layout.lastCopy[sourceRow] + source - sourceRow * layout.rowLength)
        guard distance <= 32_768 else { return nil }
        let sourceEnd = sourceRow + 1 < layout.rowCount ? layout.contiguousEnd[sourceRow + 1] : layout.count
        let limit = min(end, sourceEnd + position - source) - position
        guard limit >= 3 else { return nil }
        return (ImageDeflater.matchLength(base + position, base + source, limit: limit), distance)
    }
}

/// Where the distinct rows of `RepeatedRows` sit in the data they expand to, in memory
/// the caller lends for the search (three integers per row).
struct RowLayout {
    let count: Int
    let rowLength: Int
    let rowCount: Int
    /// Per row, where its first and last copies start in the expanded data.
    let firstCopy: UnsafeMutableBufferPointer<Int>
    let lastCopy: UnsafeMutableBufferPointer<Int>
    /// Per row, the end of the first row at or after it that repeats: how far a match may
    /// run, as the next copy of a row that repeats is not the next distinct row.
    let contiguousEnd: UnsafeMutableBufferPointer<Int>

    /// The layout of `rows`, written into `storage` (at least 3 · rows.repeats.count).
    init(_ rows: RepeatedRows, storage: UnsafeMutableBufferPointer<Int>) {
        count = rows.bytes.count
        rowLength = rows.rowLength
        rowCount = rows.repeats.count
        firstCopy = UnsafeMutableBufferPointer(rebasing: storage[0..<rowCount])
        lastCopy = UnsafeMutableBufferPointer(rebasing: storage[rowCount..<(2 * rowCount)])
        contiguousEnd = UnsafeMutableBufferPointer(rebasing: storage[(2 * rowCount)..<(3 * rowCount)])
        var start = 0
        for (row, repeats) in rows.repeats.enumerated() {
            firstCopy[row] = start
            lastCopy[row] = start + (repeats - 1) * rowLength
            start += repeats * rowLength
        }
        var end = count
        for row in (0..<rowCount).reversed() {
            if rows.repeats[row] > 1 { end = (row + 1) * rowLength }
            contiguousEnd[row] = end
        }
    }
}
