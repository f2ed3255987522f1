/// Countries as small numbers: 0 is unknown, then AA…ZZ.
enum CountryCode {
    static let unknown: UInt16 = 0

    static func index(_ first: UInt8, _ second: UInt8) -> UInt16? {
        let a = first & ~0x20, b = second & ~0x20  // upper case
        guard a >= 0x41, a <= 0x5A, b >= 0x41, b <= 0x5A else { return nil }
        return 1 + UInt16(a - 0x41) * 26 + UInt16(b - 0x41)
    }

    static func text(_ index: UInt16) -> String {
        guard index > 0, index <= 676 else { return "unknown" }
        let value = index - 1
        return String(decoding: [UInt8(0x41 + value / 26), UInt8(0x41 + value % 26)], as: UTF8.self)
    }
}
