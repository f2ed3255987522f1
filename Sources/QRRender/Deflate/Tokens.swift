/// LZ77 output for one deflate block, with the symbol counts the codes are built from.
///
/// Each token is stored as the symbols it will be written as, so that writing needs no
/// branch between literals and matches (which alternate unpredictably):
/// bits 0–8 the literal/length symbol, 9–11 and 12–16 the count and value of its extra
/// bits, 17–21 the distance symbol (`noDistance` for a literal), 22–25 and 26–38 the
/// count and value of the distance's extra bits.
///
/// The tokens and the counts are held in memory sized up front by the caller and written
/// through pointers, as array appends (a uniqueness check and a capacity check each) cost
/// more than the match search they record.
struct Tokens: ~Copyable {
    static let literalSymbolCount = 286
    static let distanceSymbolCount = 30
    /// The distance symbol of a literal: one past deflate's, given an empty code.
    static let noDistance = 30

    private let storage: UnsafeMutablePointer<UInt64>
    private let frequencies: UnsafeMutablePointer<UInt32>
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
        storage = .allocate(capacity: capacity)
        frequencies = .allocate(capacity: symbols)
        frequencies.initialize(repeating: 0, count: symbols)
        literalFrequencies = UnsafeMutableBufferPointer(start: frequencies, count: Self.literalSymbolCount)
        distanceFrequencies = UnsafeMutableBufferPointer(
            start: frequencies + Self.literalSymbolCount, count: Self.distanceSymbolCount)
    }

    deinit {
        storage.deallocate()
        frequencies.deallocate()
    }

    // The counts are bumped through `frequencies`, not through the buffer views: Swift 6.3
    // cannot compile an in-place update through a stored buffer view under
    // ThreadSanitizer ("Invalid bitcast"), and the two are the same memory.

    /// The tokens so far, valid while `self` is.
    var elements: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(start: storage, count: count) }

    @inline(__always)
    mutating func literal(_ byte: UInt8) {
        append(UInt64(byte) | UInt64(Self.noDistance) << 17)
        frequencies[Int(byte)] &+= 1
    }

    @inline(__always)
    mutating func match(length: Int, distance: Int) {
        let lengthSymbol = ImageDeflater.lengthSymbol(length)
        let distanceSymbol = ImageDeflater.distanceSymbol(distance)
        append(UInt64(lengthSymbol.symbol) | UInt64(lengthSymbol.extraBits) << 9 | UInt64(lengthSymbol.extra) << 12
               | UInt64(distanceSymbol.symbol) << 17 | UInt64(distanceSymbol.extraBits) << 22
               | UInt64(distanceSymbol.extra) << 26)
        frequencies[lengthSymbol.symbol] &+= 1
        frequencies[Self.literalSymbolCount + distanceSymbol.symbol] &+= 1
    }

    /// A stored token's literal or length symbol, with its extra bits.
    @inline(__always)
    static func literalPart(of token: UInt64) -> (symbol: Int, extra: UInt32, extraBits: Int) {
        (Int(token & 0x1FF), UInt32(truncatingIfNeeded: token &>> 12 & 0x1F), Int(token &>> 9 & 0x7))
    }

    /// A stored token's distance symbol (`noDistance` for a literal), with its extra bits.
    @inline(__always)
    static func distancePart(of token: UInt64) -> (symbol: Int, extra: UInt32, extraBits: Int) {
        (Int(token &>> 17 & 0x1F), UInt32(truncatingIfNeeded: token &>> 26 & 0x1FFF), Int(token &>> 22 & 0xF))
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
    private mutating func append(_ token: UInt64) {
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
