import Foundation
@testable import QRAnalytics
import Testing

@Suite struct BreakdownCountsTests {
    /// Every kind, fixed-list values and free text, small and large counts: the blob gives
    /// back exactly what went in, and summing two blobs sums each value.
    @Test func blobsRoundTripAndSum() {
        var counts = BreakdownCounts()
        counts.add(kind: 0, value: "phone", scans: 3)
        counts.add(kind: 1, value: "iOS", scans: 127)
        counts.add(kind: 2, value: "Instagram", scans: 128)
        counts.add(kind: 2, value: "Some New Browser", scans: 1)  // not in the list: stored as text
        counts.add(kind: 3, value: "news.example.com", scans: 70_000)
        counts.add(kind: 4, value: "09", scans: 2)
        counts.add(kind: 5, value: "München, DE", scans: Int(UInt32.max) + 5)
        let decoded = BreakdownCounts(blob: Data(counts.blob))
        #expect(decoded == counts)
        var doubled = counts
        doubled.add(decoded)
        #expect(doubled.ranked["browser"]?.first { $0.value == "Instagram" }?.scans == 256)
        #expect(doubled.ranked["city"]?.first?.scans == 2 * (Int(UInt32.max) + 5))
        // Fixed values take three bytes or so; text takes its length.
        var small = BreakdownCounts()
        small.add(kind: 2, value: "Chrome Mobile", scans: 1)
        #expect(small.blob.count == 3)
    }

    /// The byte-level sum of two blobs (what a commit uses for a row two commits saw)
    /// decodes to the same counts as adding their decoded values, on random blobs that
    /// share some values and not others, damaged ones included.
    @Test func theByteSumEqualsTheDecodedSum() {
        var generator = SystemRandomNumberGenerator()
        let values: [(UInt8, String)] = [(0, "phone"), (0, "tablet"), (1, "iOS"), (1, "Android"), (2, "Chrome Mobile"), (2, "Instagram"),
                                         (2, "Brand New Browser"), (3, "direct"), (3, "news.example.com"), (3, "t.co"), (4, "09"), (4, "23"),
                                         (5, "Berlin, DE"), (5, "München, DE"), (5, "Lyon, FR")]
        func random() -> BreakdownCounts {
            var counts = BreakdownCounts()
            for (kind, value) in values where Bool.random(using: &generator) {
                counts.add(kind: kind, value: value, scans: Int.random(in: 1...100_000, using: &generator))
            }
            return counts
        }
        for _ in 0..<500 {
            let a = random(), b = random()
            var expected = a
            expected.add(b)
            #expect(BreakdownCounts(blob: Data(BreakdownCounts.sum(Data(a.blob), Data(b.blob)))) == expected)
        }
        // A damaged blob counts up to its damage, as reading it does.
        let blob = random().blob
        for cut in 0..<blob.count {
            var expected = BreakdownCounts(blob: Data(blob[..<cut]))
            expected.add(BreakdownCounts(blob: Data(blob)))
            #expect(BreakdownCounts(blob: Data(BreakdownCounts.sum(Data(blob[..<cut]), Data(blob)))) == expected)
        }
    }

    /// A damaged blob gives what it can and never traps.
    @Test func damagedBlobsAreReadUpToTheDamage() {
        var counts = BreakdownCounts()
        counts.add(kind: 3, value: "example.org", scans: 4)
        counts.add(kind: 0, value: "tablet", scans: 1)
        let blob = counts.blob
        for cut in 0..<blob.count {
            _ = BreakdownCounts(blob: Data(blob[..<cut]))
        }
        _ = BreakdownCounts(blob: Data([0x81, 0xFF, 0x01]))  // a position past the list
    }
}

@Suite struct RadixSortTests {
    /// Against the standard sort (stable, so equal keys keep their order), with keys that
    /// share some 16-bit digits and differ in others.
    @Test func sortsLikeTheStandardSort() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 65, 1_000, 20_000] {
            let pairs = (0..<count).map { index -> (key: UInt64, scans: Int32) in
                let key = (UInt64(0x1234) << 48) | (UInt64.random(in: 0..<64, using: &generator) << 20) | UInt64.random(in: 0..<4, using: &generator)
                return (key, Int32(index))
            }
            let expected = pairs.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }.map(\.element)
            let sorted = RadixSort.byKey(pairs)
            #expect(sorted.map(\.key) == expected.map(\.key))
            #expect(sorted.map(\.scans) == expected.map(\.scans))
        }
    }
}
