/// A zlib stream encoder for rendered images, several times faster than zlib level 6
/// on them, for files a few percent larger.
///
/// A QR image repeats itself in known ways: a pixel row repeats the one above it
/// (`scale` − 1 times per module row), runs of equal pixels sit a pixel apart, and a
/// module row often starts like the one above. So only the distinct rows are searched,
/// at the few distances the caller names and the row above (see `MatchFinder`); repeated
/// rows are coded as matches a row back without being looked at. The result is one
/// dynamic-Huffman block (RFC 1951) with length-limited codes.
struct ImageDeflater {
    /// The distances to try at each position, most promising first (each 1…32768).
    let distances: [Int]

    init(distances: [Int]) {
        self.distances = distances.filter { $0 >= 1 && $0 <= 32_768 }
    }

    /// The expanded `rows` as a zlib stream (RFC 1950). Only the distinct rows are
    /// searched; each repeat is coded as matches one row back without looking at it.
    ///
    /// - Complexity: O(n · d) for n distinct bytes and d distances, plus O(1) per 258
    ///   repeated bytes; long matches are compared eight bytes at a time.
    func compress(_ rows: RepeatedRows) -> [UInt8] {
        var tokens = Tokens(capacity: Tokens.capacity(for: rows))
        rows.bytes.withUnsafeBufferPointer { input in
            tokenize(input, rows: rows, into: &tokens)
        }
        tokens.literalFrequencies[256] = 1  // the end of the block
        let elements = tokens.elements
        let literalFrequencies = UnsafeBufferPointer(tokens.literalFrequencies)
        let distanceFrequencies = UnsafeBufferPointer(tokens.distanceFrequencies)
        let literalCount = Tokens.literalSymbolCount
        // The distance code has one more entry, empty, for literals (see `Tokens`).
        let symbolCount = literalCount + Tokens.distanceSymbolCount + 1
        // The header is at most 14 + 19·3 + 316·14 bits; each token at most 48 bits; and
        // the writer stores eight bytes at a time.
        let bound = 600 + 6 * elements.count + 8
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: symbolCount) { lengths in
            withUnsafeTemporaryAllocation(of: UInt16.self, capacity: symbolCount) { codes in
                let literalLengths = UnsafeMutableBufferPointer(rebasing: lengths[0..<literalCount])
                let literalCodes = UnsafeMutableBufferPointer(rebasing: codes[0..<literalCount])
                let distanceLengths = UnsafeMutableBufferPointer(rebasing: lengths[literalCount...])
                let distanceCodes = UnsafeMutableBufferPointer(rebasing: codes[literalCount...])
                let deflateDistances = 0..<Tokens.distanceSymbolCount
                HuffmanCode.build(frequencies: literalFrequencies, limit: 15, lengths: literalLengths, codes: literalCodes)
                HuffmanCode.build(frequencies: distanceFrequencies, limit: 15,
                                  lengths: UnsafeMutableBufferPointer(rebasing: distanceLengths[deflateDistances]),
                                  codes: UnsafeMutableBufferPointer(rebasing: distanceCodes[deflateDistances]))
                distanceLengths[Tokens.noDistance] = 0
                distanceCodes[Tokens.noDistance] = 0
                return [UInt8](unsafeUninitializedCapacity: bound) { output, initialized in
                    var writer = BitWriter(into: output)
                    // zlib header: deflate, 32 KiB window, default level; (0x78 · 256 + 0x9C) % 31 == 0.
                    writer.write(0x9C78, count: 16)
                    writer.write(1, count: 1)  // BFINAL
                    writer.write(2, count: 2)  // BTYPE 10: dynamic Huffman codes
                    Self.writeCodeLengths(UnsafeBufferPointer(literalLengths),
                                          UnsafeBufferPointer(rebasing: distanceLengths[deflateDistances]), to: &writer)
                    for token in elements {
                        // Literal or match alike, in one write of at most 48 bits: a code and its
                        // extra bits (at most 15 + 5), then a distance code and its extra bits
                        // (at most 15 + 13; none for a literal).
                        let symbol = Tokens.literalPart(of: token)
                        let symbolBits = UInt64(literalLengths[symbol.symbol])
                        let symbolPart = UInt64(literalCodes[symbol.symbol]) | UInt64(symbol.extra) &<< symbolBits
                        let symbolCount = Int(symbolBits) + symbol.extraBits
                        let distance = Tokens.distancePart(of: token)
                        let distanceBits = UInt64(distanceLengths[distance.symbol])
                        let distancePart = UInt64(distanceCodes[distance.symbol]) | UInt64(distance.extra) &<< distanceBits
                        writer.write(wide: symbolPart | distancePart &<< UInt64(symbolCount),
                                     count: symbolCount + Int(distanceBits) + distance.extraBits)
                    }
                    writer.write(UInt32(literalCodes[256]), count: Int(literalLengths[256]))
                    writer.finish(trailer: rows.adler32)
                    initialized = writer.count
                }
            }
        }
    }

    /// LZ77 over the distinct rows, greedy (the longest match at each position), each
    /// row's repeats coded after it.
    private func tokenize(_ input: UnsafeBufferPointer<UInt8>, rows: RepeatedRows, into tokens: inout Tokens) {
        guard !input.isEmpty else { return }
        let rowCount = rows.repeats.count
        // One loan for the row layout and the distances to try (the caller's, then a row back).
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * rowCount + distances.count + 1) { scratch in
            let layout = RowLayout(rows, storage: UnsafeMutableBufferPointer(rebasing: scratch[0..<(3 * rowCount)]))
            let tried = UnsafeMutableBufferPointer(rebasing: scratch[(3 * rowCount)...])
            for (index, distance) in distances.enumerated() { tried[index] = distance }
            tried[distances.count] = rows.rowLength
            tokenize(input, layout: layout, distances: UnsafeBufferPointer(tried), into: &tokens)
        }
    }

    private func tokenize(_ input: UnsafeBufferPointer<UInt8>, layout: RowLayout,
                          distances: UnsafeBufferPointer<Int>, into tokens: inout Tokens) {
        guard let base = input.baseAddress else { return }
        let finder = MatchFinder(base: base, layout: layout, distances: distances)
        let rowLength = layout.rowLength
        var position = 0
        var row = 0
        // Repeats of the rows just finished, not yet coded: they are one match a row
        // back, which goes on into the next row for as long as that row equals it.
        var pending = 0
        func finishRows() {
            while row < layout.rowCount, position >= (row + 1) * rowLength {
                pending += layout.lastCopy[row] - layout.firstCopy[row]
                row += 1
            }
        }
        while position < input.count {
            if pending > 0 {
                let prefix = Self.matchLength(base + position, base + position - rowLength,
                                              limit: layout.contiguousEnd[row] - position)
                tokens.repeatPrevious(pending + prefix, distance: rowLength)
                pending = 0
                position += prefix
                finishRows()
                continue
            }
            // Bytes that cannot start a match are literals, found up to six at a time.
            let rowEnd = (row + 1) * rowLength
            let literals = position + 8 <= input.count ? finder.literalCount(at: position, limit: min(6, rowEnd - position)) : 0
            if literals > 0 {
                for offset in 0..<literals { tokens.literal(base[position + offset]) }
                position += literals
                finishRows()
                continue
            }
            let match = finder.longest(at: position, row: row)
            if match.length >= 3 {
                tokens.match(length: match.length, distance: match.distance)
                position += match.length
            } else {
                tokens.literal(base[position])
                position += 1
            }
            finishRows()
        }
        if pending > 0 { tokens.repeatPrevious(pending, distance: rowLength) }
    }

    /// How many bytes from `current` equal those from `earlier`, up to `limit`.
    @inline(__always)
    static func matchLength(_ current: UnsafePointer<UInt8>, _ earlier: UnsafePointer<UInt8>, limit: Int) -> Int {
        var length = 0
        while length + 8 <= limit {
            let difference = UnsafeRawPointer(current + length).loadUnaligned(as: UInt64.self)
                ^ UnsafeRawPointer(earlier + length).loadUnaligned(as: UInt64.self)
            if difference != 0 { return length + difference.littleEndian.trailingZeroBitCount / 8 }
            length += 8
        }
        while length < limit, current[length] == earlier[length] { length += 1 }
        return length
    }

    /// The HLIT/HDIST/HCLEN header and both codes' lengths, run-length coded (§3.2.7).
    private static func writeCodeLengths(_ literalLengths: UnsafeBufferPointer<UInt8>,
                                         _ distanceLengths: UnsafeBufferPointer<UInt8>, to writer: inout BitWriter) {
        let literalCount = max(257, (literalLengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let distanceCount = max(1, (distanceLengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let sequenceCount = literalCount + distanceCount
        // The lengths as one sequence, then the runs: each `symbol << 8 | extra bits value`
        // (symbol 0…18), no more of them than lengths. Then the code-length code.
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 2 * sequenceCount + 19) { scratch in
            let sequence = UnsafeMutableBufferPointer(rebasing: scratch[0..<sequenceCount])
            for index in 0..<literalCount { sequence[index] = UInt16(literalLengths[index]) }
            for index in 0..<distanceCount { sequence[literalCount + index] = UInt16(distanceLengths[index]) }
            let runs = UnsafeMutableBufferPointer(rebasing: scratch[sequenceCount..<(2 * sequenceCount)])
            var runCount = 0
            func append(_ run: UInt16) {
                runs[runCount] = run
                runCount += 1
            }
            var index = 0
            while index < sequenceCount {
                let value = sequence[index]
                var run = 1
                while index + run < sequenceCount, sequence[index + run] == value { run += 1 }
                index += run
                if value == 0 {
                    while run >= 11 {
                        let part = min(run, 138)
                        append(18 << 8 | UInt16(part - 11))
                        run -= part
                    }
                    if run >= 3 {
                        append(17 << 8 | UInt16(run - 3))
                        run = 0
                    }
                } else {
                    append(value << 8)
                    run -= 1
                    while run >= 3 {
                        let part = min(run, 6)
                        append(16 << 8 | UInt16(part - 3))
                        run -= part
                    }
                }
                for _ in 0..<run { append(value << 8) }
            }
            let codes = UnsafeMutableBufferPointer(rebasing: scratch[(2 * sequenceCount)...])
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 19) { frequencies in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 19) { lengths in
                    frequencies.initialize(repeating: 0)
                    for run in runs[0..<runCount] { frequencies[Int(run >> 8)] += 1 }
                    HuffmanCode.build(frequencies: UnsafeBufferPointer(frequencies), limit: 7, lengths: lengths, codes: codes)
                    let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
                    let lengthCount = max(4, (order.lastIndex { lengths[$0] > 0 } ?? 0) + 1)
                    writer.write(UInt32(literalCount - 257), count: 5)
                    writer.write(UInt32(distanceCount - 1), count: 5)
                    writer.write(UInt32(lengthCount - 4), count: 4)
                    for symbol in order.prefix(lengthCount) { writer.write(UInt32(lengths[symbol]), count: 3) }
                    for run in runs[0..<runCount] {
                        let symbol = Int(run >> 8)
                        writer.write(UInt32(codes[symbol]), count: Int(lengths[symbol]))
                        let extraBits = symbol == 16 ? 2 : symbol == 17 ? 3 : symbol == 18 ? 7 : 0
                        writer.write(UInt32(run & 0xFF), count: extraBits)
                    }
                }
            }
        }
    }

    /// The length symbol (257…285) for a match length 3…258, with its extra bits.
    @inline(__always)
    static func lengthSymbol(_ length: Int) -> (symbol: Int, extraBits: Int, extra: UInt32) {
        if length <= 10 { return (254 + length, 0, 0) }
        if length == 258 { return (285, 0, 0) }
        let value = length - 3
        let log = Int.bitWidth - 1 - value.leadingZeroBitCount
        let extraBits = log - 2
        return (257 + 4 * (log - 1) + (value >> extraBits) & 3, extraBits, UInt32(value & ((1 << extraBits) - 1)))
    }

    /// The distance symbol (0…29) for a distance 1…32768, with its extra bits.
    @inline(__always)
    static func distanceSymbol(_ distance: Int) -> (symbol: Int, extraBits: Int, extra: UInt32) {
        if distance <= 4 { return (distance - 1, 0, 0) }
        let value = distance - 1
        let log = Int.bitWidth - 1 - value.leadingZeroBitCount
        let extraBits = log - 1
        return (2 * log + (value >> extraBits) & 1, extraBits, UInt32(value & ((1 << extraBits) - 1)))
    }
}
