/// Which modes can carry a character: the tests segmentation is built on.
enum CharacterClass {
    /// Whether an ASCII code unit is a digit, 0–9.
    @inline(__always)
    static func isDigit(_ unit: UInt8) -> Bool { unit >= 0x30 && unit <= 0x39 }

    /// The alphanumeric-mode value of an ASCII code unit (0–44), or `nil`.
    @inline(__always)
    static func alphanumericValue(_ unit: UInt8) -> Int? {
        let value = alphanumericTable[Int(unit & 0x7F)]
        return unit < 0x80 && value >= 0 ? Int(value) : nil
    }

    /// Values for ASCII 0–127: digits 0–9, A–Z 10–35, then space $ % * + - . / : as 36–44.
    private static let alphanumericTable: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        let charset = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)
        for (value, unit) in charset.enumerated() { table[Int(unit)] = Int8(value) }
        return table
    }()
}
