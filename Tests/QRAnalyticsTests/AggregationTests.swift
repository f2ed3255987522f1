@testable import QRAnalytics
import Foundation
import Testing

/// The in-memory tables an ingest counts with, against plain Swift collections.
@Suite struct AggregationTests {
    @Test func visitorSetCountsEachHashOnceAndRoundTripsItsBlob() {
        var generator = SystemRandomNumberGenerator()
        let hashes = (0..<5_000).map { _ in generator.next() as UInt64 } + [0, 2, 42, 42]
        var set = VisitorSet()
        var reference = Set<UInt64>()
        for hash in hashes {
            // Zero is kept as two: the two are one visitor (a 2⁻⁶⁴ chance in real hashes).
            let inserted = set.insert(hash)
            #expect(inserted == reference.insert(hash == 0 ? 2 : hash).inserted)
        }
        #expect(set.count == reference.count)
        var reloaded = [VisitorSet(blob: set.blob, shard: 0), VisitorSet(blob: set.blob, shard: 1)]
        #expect(reloaded[0].count + reloaded[1].count == reference.count)
        for hash in reference {
            // Each shard reloads exactly its own half, and knows every hash of it.
            let added = reloaded[VisitorSet.shard(of: hash)].insert(hash)
            #expect(!added)
        }
    }

    @Test func countryCacheFindsWhatItTookAfterGrowing() {
        let cache = CountryCache()
        let digests = (0..<200_000).map { FastHashTests.digest(of: "198.51.\($0 / 256).\($0 % 256)") }
        for (index, digest) in digests.enumerated() { cache.insert(digest, country: UInt16(index % 677)) }
        #expect(cache.count == digests.count)
        for (index, digest) in digests.enumerated() where index % 97 == 0 {
            #expect(cache.country(of: digest) == UInt16(index % 677))
        }
        #expect(cache.country(of: FastHashTests.digest(of: "203.0.113.1")) == nil)
    }

    @Test func countryBlobsAddAsSortedLists() {
        var first = CountryCounts.Writer()
        first.append(3, scans: 2)
        first.append(40, scans: 1)
        var second = CountryCounts.Writer()
        second.append(0, scans: 5)
        second.append(40, scans: 4)
        second.append(500, scans: 0)  // adds nothing
        let sum = CountryCounts(blob: CountryCounts.sum(Data(first.bytes), Data(second.bytes)))
        #expect(sum.scans == [0: 5, 3: 2, 40: 5])
        #expect(CountryCounts.sum(Data(), Data()).isEmpty)
    }

    @Test(arguments: [
        (#""plain" tail"#, 6),
        (#""a \"quoted\" word" tail"#, 18),
        (#""ends in a backslash \\" tail"#, 23),
        (#""three \\\" backslashes" tail"#, 23),
        (#""never closed \"#, -1),
    ])
    func quotedStringsEndAtTheFirstUnescapedQuote(line: String, end: Int) {
        let bytes = Array(line.utf8)
        let found = bytes.withUnsafeBufferPointer { LogScan.endOfQuoted($0, from: 1) }
        #expect(found == (end < 0 ? nil : end))
    }
}

enum FastHashTests {
    static func digest(of text: String) -> UInt64 {
        Array(text.utf8).withUnsafeBufferPointer { FastHash.hash($0, seed: 42) }
    }
}

@Suite struct EntrySortingTests {
    @Test func radixSortAgreesWithAComparisonSort() {
        var generator = SystemRandomNumberGenerator()
        let codeRanks = Array(0..<5_000).shuffled()
        var entries = (0..<20_000).map { index in
            AnalyticsStore.Commit.Entry(key: TallyKey(code: Int32(generator.next() % 5_000) - (index % 50 == 0 ? 5_001 : 0),
                                                       day: 20_500 + Int(generator.next() % 3), country: UInt16(generator.next() % 677)),
                                        codeRanks: codeRanks, counts: .init(scans: Int32(index), unique: 0, bots: 0))
        }
        let expected = entries.sorted { ($0.order, $0.counts.scans) < ($1.order, $1.counts.scans) }
        AnalyticsStore.Commit.Entry.sortByOrder(&entries)
        // Stable: entries of equal order keep the order they came in (scans ascending here).
        #expect(entries.map(\.order) == expected.map(\.order))
        #expect(entries.map(\.counts.scans) == expected.map(\.counts.scans))
    }
}
