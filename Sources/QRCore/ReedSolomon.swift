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

    /// Writes the `remainder.count` error correction codewords for `data` into `remainder`:
    /// the remainder of data·x^degree divided by the generator polynomial of that degree.
    ///
    /// - Complexity: O(*n* · *degree*), one pass over the remainder per data byte (the
    ///   shift and the subtraction of the generator's multiple together).
    static func remainder(of data: UnsafeBufferPointer<UInt8>, into remainder: UnsafeMutableBufferPointer<UInt8>) {
        let degree = remainder.count
        remainder.update(repeating: 0)
        guard degree > 0 else { return }
        exp.withUnsafeBufferPointer { exp in
            log.withUnsafeBufferPointer { log in
                generatorLogs[degree].withUnsafeBufferPointer { generator in
                    for byte in data {
                        let factor = byte ^ remainder[0]
                        guard factor != 0 else {
                            // Only the shift towards the front.
                            for index in 1..<degree { remainder[index - 1] = remainder[index] }
                            remainder[degree - 1] = 0
                            continue
                        }
                        let factorLog = log[Int(factor)]
                        for index in 1..<degree {
                            remainder[index - 1] = remainder[index] ^ exp[factorLog + generator[index - 1]]
                        }
                        remainder[degree - 1] = exp[factorLog + generator[degree - 1]]
                    }
                }
            }
        }
    }
}
