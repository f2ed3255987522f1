/// LZ77 output for one deflate block: literals (< 256) and matches
/// (`length << 16 | distance`, length 3…258), with the symbol counts the codes are built from.
struct Tokens {
    var tokens: [UInt32] = []
    var literalFrequencies = [Int](repeating: 0, count: 286)
    var distanceFrequencies = [Int](repeating: 0, count: 30)

    @inline(__always)
    mutating func literal(_ byte: UInt8) {
        tokens.append(UInt32(byte))
        literalFrequencies[Int(byte)] += 1
    }

    @inline(__always)
    mutating func match(length: Int, distance: Int) {
        tokens.append(UInt32(length) << 16 | UInt32(distance))
        literalFrequencies[ImageDeflater.lengthSymbol(length).symbol] += 1
        distanceFrequencies[ImageDeflater.distanceSymbol(distance).symbol] += 1
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
}
