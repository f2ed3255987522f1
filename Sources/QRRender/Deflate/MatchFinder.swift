/// Finds the longest match at a position for `ImageDeflater`: at each fixed distance,
/// then at the last place the same three bytes were seen. Only positions that no fixed
/// distance covers well go into that table, so it finds some of what zlib's search
/// would (a finder pattern's row, a run of modules) and costs nothing on repeated rows.
struct MatchFinder {
    static let tableSize = 1 << 10
    /// A match this long is taken as it is: no table lookup, no lazy step.
    static let goodLength = 32

    let base: UnsafePointer<UInt8>
    let count: Int
    let distances: [Int]
    let recent: UnsafeMutableBufferPointer<Int32>

    /// The longest match at `position` (length 0 if none), and records the position.
    ///
    /// - Complexity: O(d + 1) comparisons for d distances, each up to 258 bytes, eight at a time.
    @inline(__always)
    func longest(at position: Int) -> (length: Int, distance: Int) {
        let limit = min(258, count - position)
        var best = (length: 0, distance: 0)
        for distance in distances where distance <= position {
            let length = ImageDeflater.matchLength(base + position, base + position - distance, limit: limit)
            if length > best.length {
                best = (length, distance)
                if length >= Self.goodLength { return best }
            }
        }
        guard limit >= 4 else { return best }
        // The first three bytes of a little-endian load: deflate's shortest match.
        let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt32.self) & 0xFF_FFFF
        let key = Int((word &* 2_654_435_761) >> 22)
        let earlier = Int(recent[key])
        recent[key] = Int32(truncatingIfNeeded: position)
        if earlier >= 0, position - earlier <= 32_768 {
            let length = ImageDeflater.matchLength(base + position, base + earlier, limit: limit)
            if length > best.length { best = (length, position - earlier) }
        }
        return best
    }
}
