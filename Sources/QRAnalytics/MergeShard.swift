import Foundation

/// Half of the merging of parsed blocks, so that both cores merge: one shard sums the
/// counts of its own half of each block and decides uniqueness for the visitors whose
/// hash falls to it (see `VisitorSet.shard(of:)`), from both halves, in line order.
///
/// A visitor always lands in the same shard, so each shard's sets alone decide whether
/// it was seen before; the two shards' counts are summed when they are committed.
struct MergeShard {
    /// What a shard adds to a commit.
    struct Part: Sendable {
        /// Counts in the store's key order (see `AnalyticsStore.Commit.Entry`).
        var entries: [AnalyticsStore.Commit.Entry]
        /// This shard's visitor hashes of each day asked for, in the same order.
        var visitorBlobs: [Data]
        /// Breakdown counts, by `Breakdown.Key.packed`.
        var breakdowns: [(key: UInt64, scans: Int32)]
    }

    /// Totals of one merged half, for the report.
    struct Totals: Sendable {
        var scans = 0
        var bots = 0
        var unknownIDs = 0
    }

    let shard: Int
    private let store: AnalyticsStore
    /// Counts merged since the last commit, by `TallyKey.packed`.
    private var pending = FlatTable(filler: BlockTally.Counts(), minimumCapacity: 1 << 13)
    /// Breakdown counts since the last commit, block by block: a key may appear once per
    /// block. Appending them costs a fraction of merging them into a table here (measured);
    /// the commit sorts them and sums a key's counts.
    private var pendingBreakdowns: [(key: UInt64, scans: Int32)] = []
    private var visitors: VisitorDays

    init(shard: Int, store: AnalyticsStore) {
        self.shard = shard
        self.store = store
        visitors = VisitorDays(shard: shard)
    }

    /// Counts merged and not committed yet.
    var pendingCount: Int { pending.count + pendingBreakdowns.count / 4 }

    /// Days with visitors since the last commit.
    var touchedDays: Set<Int> { visitors.touched }

    /// Adds `own` (this shard's half of a block) and this shard's visitors of `halves`
    /// (the block's halves, in order).
    ///
    /// Complexity: O(entries of `own` + visits of `halves`).
    mutating func merge(own: BlockTally, halves: [BlockTally]) -> Totals {
        var totals = Totals()
        own.counts.forEach { packed, counts in
            pending.update(packed, initial: .init()) {
                $0.scans += counts.scans
                $0.bots += counts.bots
            }
            if TallyKey(packed: packed).code == ScanRules.unknownCode {
                totals.unknownIDs += Int(counts.scans + counts.bots)
            } else {
                totals.scans += Int(counts.scans)
                totals.bots += Int(counts.bots)
            }
        }
        // No exact reserve: that would copy the whole list on every block.
        own.breakdowns.forEach { pendingBreakdowns.append(($0, $1)) }
        for half in halves {
            for visit in half.visits[shard] where visit.slot.code != ScanRules.unknownCode {
                if visitors.insert(visit.visitor, day: visit.slot.day, store: store) {
                    pending.update(visit.slot.packed, initial: .init()) { $0.unique += 1 }
                }
            }
        }
        return totals
    }

    /// Hands over what is pending, sorted, and this shard's sets of `days`; starts afresh.
    ///
    /// Complexity: O(n log n) for n pending counts, plus the sets of `days`.
    mutating func takePart(days: [Int], codeRanks rank: [Int]) throws -> Part {
        var entries: [AnalyticsStore.Commit.Entry] = []
        entries.reserveCapacity(pending.count)
        pending.forEach { packed, counts in
            entries.append(.init(key: TallyKey(packed: packed), codeRanks: rank, counts: counts))
        }
        AnalyticsStore.Commit.Entry.sortByOrder(&entries)
        let blobs = days.map { day in visitors.blob(ofDay: day, store: store) }
        if let error = visitors.loadError { throw error }
        visitors.keepOnly(days)
        pending = FlatTable(filler: BlockTally.Counts(), minimumCapacity: max(1 << 13, pending.count))
        let breakdowns = pendingBreakdowns
        pendingBreakdowns = []
        return Part(entries: entries, visitorBlobs: blobs, breakdowns: breakdowns)
    }
}

/// One shard's visitor sets of the days being ingested, loaded from the store on first use.
private struct VisitorDays {
    let shard: Int
    private var days: [Int: VisitorSet] = [:]
    private(set) var touched = Set<Int>()
    /// The day visits are arriving for, and its set, kept out of `days` while in use:
    /// a log is in time order, so most visits skip the dictionary.
    private var currentDay: Int?
    private var current = VisitorSet()
    /// A day whose stored set could not be read: the next commit fails with it.
    private(set) var loadError: (any Error)?

    init(shard: Int) {
        self.shard = shard
    }

    /// Adds a visitor; true if it had not been seen that day (for that code: the hash covers it).
    @inline(__always)
    mutating func insert(_ visitor: UInt64, day: Int, store: AnalyticsStore) -> Bool {
        if day != currentDay { switchTo(day, store: store) }
        return current.insert(visitor)
    }

    private mutating func switchTo(_ day: Int, store: AnalyticsStore) {
        if let currentDay { days[currentDay] = current }
        current = days.removeValue(forKey: day) ?? load(day, store: store)
        currentDay = day
        touched.insert(day)
    }

    private mutating func load(_ day: Int, store: AnalyticsStore) -> VisitorSet {
        do {
            let blob = try store.visitorBlob(onDay: day)
            // A new day starts as large as the last one got, rather than growing step by step.
            if blob.isEmpty { return VisitorSet(minimumCapacity: current.count) }
            return VisitorSet(blob: blob, shard: shard)
        } catch {
            loadError = loadError ?? error
            return VisitorSet()
        }
    }

    /// This shard's hashes of `day`, loading the day if this shard has not seen it (the
    /// other shard touched it: the day's stored row must keep both halves).
    mutating func blob(ofDay day: Int, store: AnalyticsStore) -> Data {
        if day == currentDay { return current.blob }
        if let known = days[day] { return known.blob }
        let loaded = load(day, store: store)
        days[day] = loaded
        return loaded.blob
    }

    /// Forgets the days other than `kept` (they are in the store): memory follows the
    /// days a log is at, not the log's length.
    mutating func keepOnly(_ kept: [Int]) {
        let keep = Set(kept)
        days = days.filter { keep.contains($0.key) }
        touched = []
        if let currentDay { touched.insert(currentDay) }
    }
}
