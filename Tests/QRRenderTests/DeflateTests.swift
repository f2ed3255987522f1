import CZlib
@testable import QRRender
import Testing

@Suite struct DeflateTests {
    func roundTrip(_ data: [UInt8], distances: [Int]) throws {
        let stream = ImageDeflater(distances: distances).compress(RepeatedRows(data))
        #expect(try inflate(stream, capacity: data.count + 1) == data)
    }

    @Test func roundTripsWhatImagesAreMadeOf() throws {
        var generator = SystemRandomNumberGenerator()
        // Repeated rows, runs, random bytes, a single byte, and rows too wide to reach.
        var rows: [UInt8] = []
        for _ in 0..<37 {
            let row = (0..<48).map { _ in [0x00, 0xFF, 0x3F, 0xC0][Int.random(in: 0..<4, using: &generator)] as UInt8 }
            for _ in 0..<10 { rows += [0] + row }
        }
        try roundTrip(rows, distances: [49, 1, 490])
        try roundTrip((0..<70_000).map { _ in UInt8.random(in: 0...255, using: &generator) }, distances: [1, 300])
        try roundTrip([UInt8](repeating: 7, count: 100_000), distances: [1])
        try roundTrip([42], distances: [1])
        try roundTrip([1, 2], distances: [4, 40_000])
        try roundTrip((0..<5_000).map { UInt8(truncatingIfNeeded: $0 % 7 == 0 ? $0 : 3) }, distances: [40_000, 0, 4])
    }

    @Test func repeatedRowsRoundTripAndChecksum() throws {
        var generator = SystemRandomNumberGenerator()
        // Rows that repeat and rows that don't, equal neighbours, and wide rows whose
        // copies push earlier rows out of the 32 KiB window.
        for (rowLength, rowCount) in [(5, 40), (49, 45), (1_201, 30), (20_001, 4)] {
            var bytes: [UInt8] = []
            var repeats: [Int] = []
            for row in 0..<rowCount {
                if row % 3 == 2, let last = bytes.last.map({ _ in Array(bytes.suffix(rowLength)) }) {
                    bytes += last
                } else {
                    bytes += (0..<rowLength).map { _ in [0x00, 0xFF, 0x0F][Int.random(in: 0..<3, using: &generator)] as UInt8 }
                }
                repeats.append([1, 1, 2, 10, 3][Int.random(in: 0..<5, using: &generator)])
            }
            let rows = RepeatedRows(bytes: bytes, rowLength: rowLength, repeats: repeats)
            let expanded = rows.expanded
            #expect(expanded.count == rows.expandedCount)
            let zlibChecksum = expanded.withUnsafeBufferPointer { UInt32(adler32(1, $0.baseAddress, uInt($0.count))) }
            #expect(rows.adler32 == zlibChecksum)
            for distances in [[1], [4, 1], []] {
                let stream = ImageDeflater(distances: distances).compress(rows)
                #expect(try inflate(stream, capacity: expanded.count + 1) == expanded)
            }
        }
    }

    @Test func symbolsCoverEveryLengthAndDistance() {
        // Each length and distance lands in the symbol whose base and extra bits span it (RFC 1951 §3.2.5).
        let lengthBases = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                           131, 163, 195, 227, 258]
        for length in 3...258 {
            let symbol = ImageDeflater.lengthSymbol(length)
            #expect(lengthBases[symbol.symbol - 257] + Int(symbol.extra) == length)
            #expect(symbol.extra < 1 << symbol.extraBits || symbol.extraBits == 0)
        }
        let distanceBases = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
                             1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
        for distance in 1...32_768 {
            let symbol = ImageDeflater.distanceSymbol(distance)
            #expect(distanceBases[symbol.symbol] + Int(symbol.extra) == distance)
        }
    }

    @Test func huffmanCodesAreCompleteAndWithinTheLimit() {
        // Fibonacci counts make plain Huffman codes as deep as the alphabet: the limit must hold.
        var fibonacci = [1, 1]
        while fibonacci.count < 30 { fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2]) }
        for (frequencies, limit) in [(fibonacci, 15), (fibonacci, 7), ([5, 0, 0, 9, 1], 15), ([0, 3, 0], 15),
                                     ([Int](repeating: 0, count: 19), 7), ((1...286).map { $0 * $0 }, 15)] {
            let code = HuffmanCode(frequencies: frequencies, limit: limit)
            let used = code.lengths.filter { $0 > 0 }
            #expect(used.count >= 2)
            #expect(used.allSatisfy { $0 <= limit })
            // Kraft's sum is exactly 1: a complete prefix code.
            #expect(used.reduce(0) { $0 + (1 << (limit - Int($1))) } == 1 << limit)
            for (symbol, frequency) in frequencies.enumerated() where frequency > 0 { #expect(code.lengths[symbol] > 0) }
        }
    }
}
