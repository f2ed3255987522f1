/// Finds the longest match at a position for `ImageDeflater`, at each of a few fixed
/// distances: the ones the caller names (a pixel back) and the row above.
///
/// That is all the search there is. A hash table of three-byte prefixes, as zlib keeps,
/// found matches elsewhere in QR images, but they were short and far: coding them cost
/// more bits than the literals they replaced (measured: files 4% smaller without it, and
/// the search 7% faster). So were a lazy step (0.1% smaller, 3% slower) and matches two or
/// three module rows up (larger files).
///
/// Positions are in the distinct rows; distances are in the expanded data, where an
/// earlier row is read from its last copy.
struct MatchFinder {
    let base: UnsafePointer<UInt8>
    let layout: RowLayout
    let distances: UnsafeBufferPointer<Int>

    /// The longest match at `position`, which lies in distinct row `row` (length 0 if
    /// none), with its distance in the expanded data.
    ///
    /// - Complexity: O(d) comparisons for d distances, each up to 258 bytes, eight at a time.
    @inline(__always)
    func longest(at position: Int, row: Int) -> (length: Int, distance: Int) {
        let rowStart = row * layout.rowLength
        let end = min(position + 258, layout.contiguousEnd[row])
        guard end - position >= 3 else { return (0, 0) }
        var best = (length: 0, distance: 0)
        for distance in distances where distance <= position {
            let source = position - distance
            let match: (length: Int, distance: Int)?
            if source >= rowStart - layout.rowLength {
                // This row or the one above, whose last copy comes just before this row's
                // first: the distance is the same in the expanded data, the usual case.
                match = distance <= 32_768
                    ? (ImageDeflater.matchLength(base + position, base + source, limit: end - position), distance) : nil
            } else {
                match = compare(position, with: source, in: source / layout.rowLength, end: end,
                                expanded: layout.firstCopy[row] + position - rowStart)
            }
            if let match, match.length > best.length { best = match }
        }
        return best
    }

    /// How many bytes from `position` (at most `limit`, at most 6) are certainly literals:
    /// at none of the distances do they start three equal bytes, the shortest match.
    /// Eight bytes are compared at once for each distance.
    ///
    /// - Precondition: `position + 8` is within the input.
    @inline(__always)
    func literalCount(at position: Int, limit: Int) -> Int {
        let current = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
        var starts: UInt64 = 0
        for distance in distances where distance <= position + 5 {
            // A distance that reaches back before the start for some of the six, or past the
            // row above (whose bytes the expanded data holds elsewhere): look one at a time.
            guard distance <= position, distance <= layout.rowLength else { return 0 }
            let difference = current ^ UnsafeRawPointer(base + position - distance).loadUnaligned(as: UInt64.self)
            // The high bit of each byte lane: set where the bytes are equal.
            let low = UInt64(0x7F7F_7F7F_7F7F_7F7F)
            let equal = ~((difference & low) &+ low | difference) & ~low
            // Lane k: bytes k, k + 1 and k + 2 all equal (lanes 6 and 7 stay clear).
            starts |= equal & equal &>> 8 & equal &>> 16
        }
        return min(limit, starts == 0 ? 6 : starts.littleEndian.trailingZeroBitCount / 8)
    }

    /// The match at `position` against `source` in distinct row `sourceRow`, two or more
    /// rows up, if `source` is within deflate's window. Such a source is read from its
    /// row's last copy (the nearest), after which the expanded data goes on with the next
    /// distinct row.
    @inline(__always)
    private func compare(_ position: Int, with source: Int, in sourceRow: Int, end: Int,
                         expanded: Int) -> (length: Int, distance: Int)? {
        let distance = expanded - (layout.lastCopy[sourceRow] + source - sourceRow * layout.rowLength)
        guard distance <= 32_768 else { return nil }
        let limit = min(end, layout.contiguousEnd[sourceRow + 1] + position - source) - position
        guard limit >= 3 else { return nil }
        return (ImageDeflater.matchLength(base + position, base + source, limit: limit), distance)
    }
}

/// Where the distinct rows of `RepeatedRows` sit in the data they expand to, in memory
/// the caller lends for the search (three integers per row).
struct RowLayout {
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
        var end = rows.bytes.count
        for row in (0..<rowCount).reversed() {
            if rows.repeats[row] > 1 { end = (row + 1) * rowLength }
            contiguousEnd[row] = end
        }
    }
}
