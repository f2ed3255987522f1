/// Bits packed least-significant first, as deflate (RFC 1951) stores them, into memory
/// the caller owns and has sized for the worst case plus eight bytes.
struct BitWriter {
    private let output: UnsafeMutableRawBufferPointer
    /// Bytes written so far.
    private(set) var count = 0
    /// Fewer than eight bits not yet counted in `count`.
    private var pending: UInt64 = 0
    private var pendingCount = 0

    init(into output: UnsafeMutableBufferPointer<UInt8>) {
        self.output = UnsafeMutableRawBufferPointer(output)
    }

    /// Appends the low `count` bits of `bits` (at most 32, none set above them), first bit first.
    @inline(__always)
    mutating func write(_ bits: UInt32, count bitCount: Int) {
        write(wide: UInt64(bits), count: bitCount)
    }

    /// Appends the low `count` bits of `bits` (at most 56, none set above them), first bit first.
    ///
    /// - Complexity: O(1) with no data-dependent branch: the pending bits are stored as a
    ///   whole word every time, and the count moves on by the bytes they complete.
    @inline(__always)
    mutating func write(wide bits: UInt64, count bitCount: Int) {
        pending |= bits &<< UInt64(pendingCount)
        pendingCount += bitCount
        // The one check that keeps the stores in bounds: a sizing bug traps here.
        precondition(count + 8 <= output.count, "deflate output buffer too small")
        output.storeBytes(of: pending.littleEndian, toByteOffset: count, as: UInt64.self)
        let whole = pendingCount &>> 3
        count += whole
        pending = pending &>> UInt64(whole &<< 3)
        pendingCount &= 7
    }

    /// Writes out the last partial byte, padded with zero bits, then `trailer` big-endian.
    mutating func finish(trailer: UInt32) {
        if pendingCount > 0 { write(0, count: 8 - pendingCount) }
        write(trailer.byteSwapped, count: 32)
    }
}
