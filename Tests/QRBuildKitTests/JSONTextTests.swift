import Foundation
@testable import QRBuildKit
import Testing

@Suite struct JSONTextTests {
    /// The eight-bytes-at-a-time check agrees with a byte-by-byte one on random bytes,
    /// with the bytes that need escaping at every position of a word and at the tail.
    @Test func plainCheckAgreesWithBytewise() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xE1, 0xE2, 0xE3, 0xFF, 0x61]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...40, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0x20...0x7E, using: &generator) }
            for _ in 0..<Int.random(in: 0...2, using: &generator) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = interesting.randomElement(using: &generator) ?? 0
            }
            let expected = !bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }
            #expect(bytes.withUnsafeBufferPointer(JSONText.isPlain) == expected, "\(bytes)")
        }
    }

    /// What comes out is JSON that Foundation reads back as the same string.
    @Test(arguments: ["plain", "", "a \"quoted\" word", "back\\slash", "tab\tand\nline", "\u{1}\u{1F}",
                      "line\u{2028}separator", "Grüße, 例え 😀", "0123456789abcdef\"", "https://example.com/a?b=c"])
    func quotedStringsReadBack(text: String) throws {
        var bytes: [UInt8] = []
        JSONText.appendQuoted(text, to: &bytes)
        let decoded = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) as? String
        #expect(decoded == text)
        #expect(!bytes.contains(0x0A) && !String(decoding: bytes, as: UTF8.self).contains("\u{2028}"))
    }
}

@Suite struct SortPrefixTests {
    /// Ordering by (prefix, string) is the strings' own order, for ASCII keys of any length
    /// and for keys that are not ASCII (which all get the largest prefix).
    @Test func prefixOrderIsTheStringOrder() {
        var generator = SystemRandomNumberGenerator()
        let pool = Array("ab2z-._09AZ") + ["é", "😀", "\u{301}"]
        var keys = (0..<3_000).map { _ in
            String((0..<Int.random(in: 0...12, using: &generator)).map { _ in pool.randomElement(using: &generator) ?? "a" })
        }
        keys += ["", "a", "ab", "abcdefgh", "abcdefghi", "abcdefgh\u{301}", "é"]
        let byPrefix = keys.sorted { $0.sortPrefix != $1.sortPrefix ? $0.sortPrefix < $1.sortPrefix : $0 < $1 }
        let ascii = { (key: String) in key.utf8.allSatisfy { $0 < 0x80 } }
        #expect(byPrefix.filter(ascii) == keys.filter(ascii).sorted())
        #expect(byPrefix.drop { ascii($0) }.allSatisfy { !ascii($0) }, "keys that are not ASCII come last")
        #expect(byPrefix.filter { !ascii($0) } == keys.filter { !ascii($0) }.sorted())
        #expect(keys.sorted(byStringKey: { $0 }) == byPrefix)
        #expect("k3x9pq7m".sortPrefix == 0x6B33_7839_7071_376D)
    }
}
