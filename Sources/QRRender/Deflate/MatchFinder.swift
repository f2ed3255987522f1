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
    let distances: [Int]
    let recent: UnsafeMutableBufferPointer<Int32>

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
            if let length = compare(position, with: position - distance, row: row, rowStart: rowStart, end: end, expanded: expanded),
               length.length > best.length {
                best = length
                if length.length >= Self.goodLength { return best }
            }
        }
        guard end - position >= 4, layout.count - position >= 4 else { return best }
        // The first three bytes of a little-endian load: deflate's shortest match.
        let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt32.self) & 0xFF_FFFF
        let key = Int((word &* 2_654_435_761) >> 22)
        let earlier = Int(recent[key])
        recent[key] = Int32(truncatingIfNeeded: position)
        if earlier >= 0,
           let length = compare(position, with: earlier, row: row, rowStart: rowStart, end: end, expanded: expanded),
           length.length > best.length {
            best = length
        }
        return best
    }

    /// The match at `position` against `source`, if `source` is within deflate's window.
    /// A source in the same row is read from its first copy; one in an earlier row from
    /// its last copy (the nearest), after which the expanded data goes on with the next
    /// distinct row.
    @inline(__always)
    private func compare(_ position: Int, with source: Int, row: Int, rowStart: Int, end: Int,
                         expanded: Int) -> (length: Int, distance: Int)? {
        let sourceRow = source >= rowStart ? row
            : source >= rowStart - layout.rowLength ? row - 1 : source / layout.rowLength
        let sourceRowStart = sourceRow * layout.rowLength
        let distance = sourceRow == row
            ? position - source
            : expanded - (layout.lastCopy[sourceRow] + source - sourceRowStart)
        guard distance <= 32_768 else { return nil }
        let sourceEnd = sourceRow + 1 < layout.contiguousEnd.count ? layout.contiguousEnd[sourceRow + 1] : layout.count
        let limit = min(end, sourceEnd + position - source) - position
        guard limit >= 3 else { return nil }
        return (ImageDeflater.matchLength(base + position, base + source, limit: limit), distance)
    }
}

/// Where the distinct rows of `RepeatedRows` sit in the data they expand to.
struct RowLayout {
    let count: Int
    let rowLength: Int
    /// Per row, where its first and last copies start in the expanded data.
    let firstCopy: [Int]
    let lastCopy: [Int]
    /// Per row, the end of the first row at or after it that repeats: how far a match may
    /// run, as the next copy of a row that repeats is not the next distinct row.
    let contiguousEnd: [Int]

    init(_ rows: RepeatedRows) {
        count = rows.bytes.count
        rowLength = rows.rowLength
        var start = 0
        firstCopy = rows.repeats.map { repeats in
            defer { start += repeats * rows.rowLength }
            return start
        }
        lastCopy = zip(firstCopy, rows.repeats).map { $0 + ($1 - 1) * rows.rowLength }
        var ends = [Int](repeating: rows.bytes.count, count: rows.repeats.count)
        var end = rows.bytes.count
        for row in rows.repeats.indices.reversed() {
            if rows.repeats[row] > 1 { end = (row + 1) * rows.rowLength }
            ends[row] = end
        }
        contiguousEnd = ends
    }
}
