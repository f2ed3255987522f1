/// Reed–Solomon error correction over GF(2⁸) with the QR polynomial x⁸+x⁴+x³+x²+1.
enum ReedSolomon {
    /// αⁱ for i in 0..<510, doubled so a sum of two logarithms needs no modulo.
    private static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for index in 0..<255 {
            table[index] = UInt8(value)
            table[index + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// log_α(x) for x in 1...255; entry 0 is unused.
    private static let log: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for index in 0..<255 { table[Int(exp[index])] = index }
        return table
    }()

    /// For each degree d (0...30), the logarithms of the generator polynomial
    /// ∏(x − αⁱ), i < d, highest power first, leading 1 left out.
    private static let generatorLogs: [[Int]] = (0...30).map { degree in
        var coefficients: [UInt8] = [1]
        for root in 0..<degree {
            // Multiply by (x + α^root); in GF(2⁸) subtraction is addition.
            var product = [UInt8](repeating: 0, count: coefficients.count + 1)
            for (index, coefficient) in coefficients.enumerated() {
                product[index] ^= coefficient
                product[index + 1] ^= multiply(coefficient, exp[root])
            }
            coefficients = product
        }
        return coefficients.dropFirst().map { log[Int($0)] }
    }

    private static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        guard a != 0, b != 0 else { return 0 }
        return exp[log[Int(a)] + log[Int(b)]]
    }

    /// For each degree d (0...30), the generator's coefficients (leading 1 left out)
    /// multiplied by every factor 0...255: row f holds them at `f · stride(d)`, zero-padded
    /// to the stride, a multiple of 8. Made once (about 150 KB), so that dividing by the
    /// generator is one table row per data byte, eight bytes at a time.
    private static let multiples: [[UInt8]] = (0...30).map { degree in
        let stride = Self.stride(degree)
        var table = [UInt8](repeating: 0, count: 256 * stride)
        let generator = generatorLogs[degree]
        for factor in 1..<256 {
            for (index, coefficientLog) in generator.enumerated() {
                table[factor * stride + index] = exp[log[factor] + coefficientLog]
            }
        }
        return table
    }

    /// A row's length in `multiples` for `degree`: the degree rounded up to a multiple of 8.
    private static func stride(_ degree: Int) -> Int { (degree + 7) & ~7 }

    /// Writes the `remainder.count` error correction codewords for `data` into `remainder`:
    /// the remainder of data·x^degree divided by the generator polynomial of that degree.
    ///
    /// Long division, one data byte at a time: the remainder moves up a byte and the
    /// generator's multiple for the byte's factor is subtracted (an XOR in GF(2⁸)), both in
    /// one pass of eight-byte words over a zero-padded copy.
    ///
    /// - Complexity: O(*n* · *degree* / 8) word operations for *n* data bytes.
    static func remainder(of data: UnsafeBufferPointer<UInt8>, into remainder: UnsafeMutableBufferPointer<UInt8>) {
        let degree = remainder.count
        remainder.update(repeating: 0)
        guard degree > 0 else { return }
        let stride = Self.stride(degree)
        multiples[degree].withUnsafeBytes { table in
            // One word more than the stride: the last word's shift reads a zero byte past it.
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: stride / 8 + 1) { words in
                words.initialize(repeating: 0)
                guard let rows = table.baseAddress, let current = UnsafeMutableRawPointer(words.baseAddress) else { return }
                for byte in data {
                    let row = rows + Int(byte ^ current.load(as: UInt8.self)) * stride
                    var offset = 0
                    while offset < stride {
                        // Read the next word before this one is overwritten; the bytes past the
                        // degree stay zero (zero in, zero in the row's padding).
                        let shifted = (current + offset + 1).loadUnaligned(as: UInt64.self)
                        (current + offset).storeBytes(of: shifted ^ row.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
                                                      as: UInt64.self)
                        offset += 8
                    }
                }
                for index in 0..<degree { remainder[index] = current.load(fromByteOffset: index, as: UInt8.self) }
            }
        }
    }
}
