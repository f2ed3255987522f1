/// LZ77 output for one deflate block: literals (< 256) and matches
/// (`length << 16 | distance`, length 3…258), with the symbol counts the codes are built from.
///
/// One allocation holds the tokens and both counts, sized up front by the caller; it is
/// written through pointers, as array appends (a uniqueness check and a capacity check
/// each) cost more than the match search they record.
struct Tokens: ~Copyable {
    static let literalSymbolCount = 286
    static let distanceSymbolCount = 30

    private let storage: UnsafeMutablePointer<UInt32>
    private let capacity: Int
    private(set) var count = 0
    /// Per literal/length symbol (0…285), how often it occurs.
    let literalFrequencies: UnsafeMutableBufferPointer<UInt32>
    /// Per distance symbol (0…29), how often it occurs.
    let distanceFrequencies: UnsafeMutableBufferPointer<UInt32>

    /// Room for `capacity` tokens, with every count zero.
    init(capacity: Int) {
        self.capacity = capacity
        let symbols = Self.literalSymbolCount + Self.distanceSymbolCount
        storage = .allocate(capacity: capacity + symbols)
        (storage + capacity).initialize(repeating: 0, count: symbols)
        literalFrequencies = UnsafeMutableBufferPointer(start: storage + capacity, count: Self.literalSymbolCount)
        distanceFrequencies = UnsafeMutableBufferPointer(
            start: storage + capacity + Self.literalSymbolCount, count: Self.distanceSymbolCount)
    }

    deinit { storage.deallocate() }

    /// The tokens so far, valid while `self` is.
    var elements: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(start: storage, count: count) }

    @inline(__always)
    mutating func literal(_ byte: UInt8) {
        append(UInt32(byte))
        literalFrequencies[Int(byte)] &+= 1
    }

    @inline(__always)
    mutating func match(length: Int, distance: Int) {
        append(UInt32(length) << 16 | UInt32(distance))
        literalFrequencies[ImageDeflater.lengthSymbol(length).symbol] &+= 1
        distanceFrequencies[ImageDeflater.distanceSymbol(distance).symbol] &+= 1
    }

    /// `count` bytes copied from `distance` back (count 0, or at least 3), as matches of at
    /// most 258 bytes, none shorter than 3.
    mutating func repeatPrevious(_ count: Int, distance: Int) {
        var remaining = count
        while remaining > 0 {
            var length = min(258, remaining)
            if remaining - length > 0, remaining - length < 3 { length = remaining - 3 }
            match(length: length, distance: distance)
            remaining -= length
        }
    }

    @inline(__always)
    private mutating func append(_ token: UInt32) {
        // The one check that keeps the pointer writes in bounds: a sizing bug traps here.
        precondition(count < capacity, "deflate token buffer too small")
        storage[count] = token
        count += 1
    }

    /// An upper bound on the tokens for `rows`: at most one per distinct byte, plus the
    /// matches that code repeats (at least 256 bytes each, and at most two short ones per row).
    static func capacity(for rows: RepeatedRows) -> Int {
        rows.bytes.count + rows.expandedCount / 256 + 2 * rows.repeats.count + 16
    }
}
