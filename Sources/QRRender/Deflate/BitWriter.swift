/// Bits packed least-significant first, as deflate (RFC 1951) stores them, into memory
/// the caller owns and has sized for the worst case.
struct BitWriter {
    private let output: UnsafeMutableBufferPointer<UInt8>
    /// Bytes written so far.
    private(set) var count = 0
    private var pending: UInt64 = 0
    private var pendingCount = 0

    init(into output: UnsafeMutableBufferPointer<UInt8>) {
        self.output = output
    }

    /// Appends the low `count` bits of `bits` (at most 32), first bit first.
    @inline(__always)
    mutating func write(_ bits: UInt32, count bitCount: Int) {
        pending |= UInt64(bits) << UInt64(pendingCount)
        pendingCount += bitCount
        if pendingCount >= 32 {
            // Four bytes in one store: the caller's sizing is checked, not each byte.
            precondition(count + 4 <= output.count, "deflate output buffer too small")
            UnsafeMutableRawBufferPointer(output)
                .storeBytes(of: UInt32(truncatingIfNeeded: pending).littleEndian, toByteOffset: count, as: UInt32.self)
            count += 4
            pending >>= 32
            pendingCount -= 32
        }
    }

    /// Writes out the last partial byte, padded with zero bits, then `trailer` big-endian.
    mutating func finish(trailer: UInt32) {
        while pendingCount > 0 {
            append(UInt8(truncatingIfNeeded: pending))
            pending >>= 8
            pendingCount -= 8
        }
        pendingCount = 0
        for shift in stride(from: 24, through: 0, by: -8) { append(UInt8(truncatingIfNeeded: trailer >> UInt32(shift))) }
    }

    private mutating func append(_ byte: UInt8) {
        precondition(count < output.count, "deflate output buffer too small")
        output[count] = byte
        count += 1
    }
}
