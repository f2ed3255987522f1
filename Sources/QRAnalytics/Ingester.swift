import Crypto
import Dispatch
import Foundation
import QRBuildKit
import Synchronization

/// What to ingest and where to keep it.
public struct IngestOptions: Sendable {
    public var logs: [String]
    public var manifestPath: String
    public var storePath: String
    public var geoIPPath: String?
    public var clock = DayClock.utc
    /// Bytes of log text per transaction.
    public var blockSize = 4 << 20

    public init(logs: [String], manifestPath: String, storePath: String) {
        self.logs = logs
        self.manifestPath = manifestPath
        self.storePath = storePath
    }
}

/// What an ingest run read, per log.
public struct IngestReport: Sendable {
    public struct Log: Sendable {
        public let path: String
        public var format: LogFormat?
        /// Lines read by this run (those counted before are skipped).
        public var lines = 0
        public var alreadyRead = 0
        public var scans = 0
        public var bots = 0
        public var unknownIDs = 0
        public var ignored = 0
        public var malformed = 0
        /// The first malformed lines: line number and a printable excerpt.
        public var malformedSamples: [(line: Int, excerpt: String)] = []
    }

    public var logs: [Log] = []
}

/// Why an ingest run stopped.
public enum IngestError: Error, Sendable, CustomStringConvertible {
    case manifest(BuildError)
    case store(StoreError)
    case log(LogReadError)
    case geoIP(GeoIPError)

    public var description: String {
        switch self {
        case .manifest(let error): error.description
        case .store(let error): error.description
        case .log(let error): error.description
        case .geoIP(let error): error.description
        }
    }
}

/// `qrbuild ingest`: access logs → per-code, per-day, per-country counts in the store,
/// every scan exactly once however often it runs, rotates or is killed.
public enum Ingester {
    /// Bytes at the start of a log that identify it.
    static let fingerprintLength = 4096

    public static func ingest(_ options: IngestOptions) throws(IngestError) -> IngestReport {
        let manifest: Manifest
        do {
            manifest = try Builder.loadManifest(atPath: options.manifestPath)
        } catch {
            throw .manifest(error)
        }
        let geoIP: GeoIPDatabase?
        do {
            geoIP = try options.geoIPPath.map { path throws(GeoIPError) in try GeoIPDatabase(path: path) }
        } catch {
            throw .geoIP(error)
        }
        // One ingest at a time per store, from before the store is first created; a second
        // run waits, then finds the work done.
        try? FileManager.default.createDirectory(atPath: PathName.parent(of: options.storePath), withIntermediateDirectories: true)
        let lock = open(options.storePath + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0, flock(lock, LOCK_EX) == 0 else {
            throw .store(StoreError(path: options.storePath, message: "cannot take the lock \(options.storePath).lock: \(String(cString: strerror(errno)))"))
        }
        defer { close(lock) }
        let store: AnalyticsStore
        do {
            store = try AnalyticsStore(path: options.storePath)
        } catch {
            throw .store(error)
        }
        do {
            let ids = manifest.codes.compactMap { $0.type == .dynamic ? $0.id?.key : nil }
            var codes: [UInt64: Int32] = [:]
            for (index, id) in ids.enumerated() {
                let bytes = Array(id.utf8)
                if let packed = bytes.withUnsafeBufferPointer({ ScanRules.packedID($0, 0..<$0.count) }) { codes[packed] = Int32(index) }
            }
            let rules = ScanRules(prefix: Array((manifest.redirect?.path ?? "/r/").utf8), codes: codes, ids: ids,
                                  ranks: codeRanks(ids), salt: try store.visitorSalt(), clock: options.clock, geoIP: geoIP)
            var report = IngestReport()
            for path in options.logs {
                report.logs.append(try LogIngest(path: path, rules: rules, store: store, blockSize: options.blockSize).run())
            }
            return report
        } catch let error as StoreError {
            throw .store(error)
        } catch let error as LogReadError {
            throw .log(error)
        } catch {
            throw .store(StoreError(path: options.storePath, message: "\(error)"))
        }
    }
}

/// Reading one log into the store.
private struct LogIngest {
    let path: String
    let rules: ScanRules
    let store: AnalyticsStore
    let blockSize: Int

    func run() throws -> IngestReport.Log {
        var report = IngestReport.Log(path: path)
        let source = try LogSource(path: path)
        let start = try source.prefix(Ingester.fingerprintLength)
        guard !start.isEmpty else { return report }
        // The same log seen before, perhaps renamed or compressed since: resume where it stopped.
        let known = try store.logStates().filter { state in
            state.fingerprintLength <= start.count && Array(SHA256.hash(data: start.prefix(state.fingerprintLength))) == state.fingerprint
        }.max { $0.fingerprintLength < $1.fingerprintLength }
        var state = known ?? AnalyticsStore.LogState(id: nil, fingerprint: [], fingerprintLength: 0, offset: 0, lines: 0, path: path)
        state.fingerprint = Array(SHA256.hash(data: start))
        state.fingerprintLength = start.count
        state.path = path
        report.alreadyRead = state.lines
        let firstLine = start.prefix { $0 != 0x0A }
        let format = firstLine.withUnsafeBufferPointer { LogFormat.detect($0) }
        report.format = format
        try source.skip(to: state.offset)
        let counters = CounterPair(rules: rules, format: format)
        // Blocks are parsed here, on both cores, while the previous block is merged and
        // written on a queue of its own; at most one block waits, so memory stays flat.
        let sink = BlockSink(store: store, codes: rules.ids, ranks: rules.ranks, state: state, report: report)
        while let block = try source.nextBlock(size: blockSize, takeUnfinished: source.compressed) {
            let halves = try Concurrently.run({ counters.first.tally(block, half: 0) }, { counters.second.tally(block, half: 1) })
            if let geoIP = rules.geoIP {
                counters.shareCountries()
                geoIP.releasePages()
            }
            try sink.waitForLast()
            sink.submit([halves.0, halves.1], endOffset: source.position)
        }
        return try sink.finish()
    }
}

/// Merges parsed blocks into visitor sets and counts, and writes each to the store in one
/// transaction, in order, on a serial queue.
private final class BlockSink: @unchecked Sendable {
    // @unchecked: everything mutable is touched only on `queue`, or after `group.wait()`.
    private let store: AnalyticsStore
    private let codes: [String]
    private let ranks: [Int]
    private let queue = DispatchQueue(label: "qrbuild.ingest.writer")
    private let group = DispatchGroup()
    private var state: AnalyticsStore.LogState
    private var report: IngestReport.Log
    private var visitorSets: VisitorSets
    private var failure: (any Error)?

    init(store: AnalyticsStore, codes: [String], ranks: [Int], state: AnalyticsStore.LogState, report: IngestReport.Log) {
        self.store = store
        self.codes = codes
        self.ranks = ranks
        self.state = state
        self.report = report
        visitorSets = VisitorSets(store: store)
    }

    /// Queues a block's tallies (in line order) that end at `endOffset` of the log.
    func submit(_ tallies: [BlockTally], endOffset: Int) {
        queue.async(group: group) { [self] in
            guard failure == nil else { return }
            do {
                try merge(tallies, endOffset: endOffset)
            } catch {
                failure = error
            }
        }
    }

    /// Waits for the queued block; rethrows its failure.
    func waitForLast() throws {
        group.wait()
        if let failure { throw failure }
    }

    func finish() throws -> IngestReport.Log {
        try waitForLast()
        return report
    }

    private func merge(_ tallies: [BlockTally], endOffset: Int) throws {
        var merged = FlatTable(filler: BlockTally.Counts(), minimumCapacity: tallies.reduce(0) { $0 + $1.counts.count })
        var malformed = 0
        for tally in tallies {
            tally.counts.forEach { packed, counts in
                merged.update(packed, initial: .init()) {
                    $0.scans += counts.scans
                    $0.bots += counts.bots
                }
                if TallyKey(packed: packed).code == ScanRules.unknownCode {
                    report.unknownIDs += Int(counts.scans + counts.bots)
                } else {
                    report.scans += Int(counts.scans)
                    report.bots += Int(counts.bots)
                }
            }
            for visit in tally.visits where visit.slot.code != ScanRules.unknownCode {
                if try visitorSets.insert(visit.visitor, day: visit.slot.day) {
                    merged.update(visit.slot.packed, initial: .init()) { $0.unique += 1 }
                }
            }
            report.lines += tally.lines
            report.ignored += tally.ignored
            report.malformed += tally.malformed
            malformed += tally.malformed
            for sample in tally.malformedSamples where report.malformedSamples.count < 5 {
                report.malformedSamples.append((state.lines + sample.line, sample.excerpt))
            }
            state.lines += tally.lines
        }
        state.offset = endOffset
        var rows: [AnalyticsStore.Commit.Row] = []
        rows.reserveCapacity(merged.count)
        merged.forEach { packed, counts in
            let slot = TallyKey(packed: packed)
            rows.append(AnalyticsStore.Commit.Row(code: slot.code, day: slot.day, country: slot.country, counts: counts))
        }
        state.id = try store.commit(AnalyticsStore.Commit(rows: rows, visitorDays: visitorSets.touchedDays(), log: state,
                                                          malformed: malformed), codes: codes, codeRanks: ranks)
        visitorSets.keepOnlyTouched()
    }
}

/// Two counters, one per core, each used by one thread at a time.
private final class CounterPair: @unchecked Sendable {
    // @unchecked: `first` is only used by the first closure of `Concurrently.run`, `second`
    // by the second, and the run waits for both before either is used again.
    final class Box: @unchecked Sendable {
        var counter: ScanCounter
        init(_ counter: ScanCounter) { self.counter = counter }

        /// Tallies the first or second half of `block`, split at a line end.
        func tally(_ block: [UInt8], half: Int) -> BlockTally {
            block.withUnsafeBufferPointer { buffer in
                var middle = buffer.count / 2
                while middle < buffer.count, middle > 0, buffer[middle - 1] != 0x0A { middle += 1 }
                let range = half == 0 ? 0..<middle : middle..<buffer.count
                return counter.tally(UnsafeBufferPointer(rebasing: buffer[range]))
            }
        }
    }

    let first: Box
    let second: Box

    /// Between blocks: each counter learns the addresses the other looked up.
    func shareCountries() {
        let fromFirst = first.counter.takeNewCountries()
        second.counter.learnCountries(fromFirst)
        first.counter.learnCountries(second.counter.takeNewCountries())
    }

    init(rules: ScanRules, format: LogFormat) {
        first = Box(ScanCounter(rules: rules, format: format))
        second = Box(ScanCounter(rules: rules, format: format))
    }
}

/// The visitor hashes of the days being ingested, loaded from the store on first use.
private struct VisitorSets {
    let store: AnalyticsStore
    private var days: [Int: Set<UInt64>] = [:]
    private var touched = Set<Int>()

    init(store: AnalyticsStore) {
        self.store = store
    }

    /// Adds a visitor; true if it had not been seen that day (for that code: the hash covers it).
    mutating func insert(_ visitor: UInt64, day: Int) throws -> Bool {
        if days[day] == nil { days[day] = Set(try store.visitors(onDay: day)) }
        touched.insert(day)
        return days[day, default: []].insert(visitor).inserted
    }

    /// The touched days' whole sets, unsorted (the writer sorts them, off this thread).
    func touchedDays() -> [AnalyticsStore.VisitorDay] {
        touched.sorted().map { AnalyticsStore.VisitorDay(day: $0, hashes: Array(days[$0] ?? [])) }
    }

    /// Forgets the days this block did not touch (they are in the store): memory follows
    /// the days a log is at, not the log's length.
    mutating func keepOnlyTouched() {
        days = days.filter { touched.contains($0.key) }
        touched = []
    }
}
