import QRCore
import Testing

/// Module-for-module equality with Nayuki's qrcodegen on 4,000 seeded byte-mode cases:
/// every version 1–40 and level, random masks and lengths, empty and full inputs.
@Suite struct ReferenceMatrixTests {
    struct Case: CustomStringConvertible {
        let seed: UInt64, version: Int, level: ErrorCorrectionLevel, mask: Int, length: Int, hash: UInt64
        var description: String { "v\(version)-\(level.letter) mask \(mask) length \(length) seed \(seed)" }
    }

    static let cases: [Case] = referenceCases.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: " ")
        guard fields.count == 6, let seed = UInt64(fields[0], radix: 16), let version = Int(fields[1]),
              let level = ErrorCorrectionLevel(letter: fields[2]), let mask = Int(fields[3]),
              let length = Int(fields[4]), let hash = UInt64(fields[5], radix: 16) else { return nil }
        return Case(seed: seed, version: version, level: level, mask: mask, length: length, hash: hash)
    }

    @Test func fixtureCoversEveryVersionAndLevel() {
        #expect(Self.cases.count == 4000)
        let cells = Set(Self.cases.map { "\($0.version)\($0.level.letter)" })
        #expect(cells.count == 160)
    }

    @Test(arguments: 1...40)
    func matchesReference(version: Int) throws {
        for item in Self.cases where item.version == version {
            let data = SplitMix64.bytes(seed: item.seed, length: item.length)
            let options = fixedOptions(version: item.version, level: item.level, mask: item.mask)
            let code = try QRCode.encode(segments: [.bytes(data)], options: options)
            #expect(code.version.number == item.version)
            #expect(matrixHash(code) == item.hash, "\(item)")
        }
    }
}
