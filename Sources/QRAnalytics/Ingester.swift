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
    /// Bytes of log text per block; a transaction covers `LogIngest.blocksPerCommit` blocks.
    public var blockSize = 2 << 20
    /// Called after each block with the log's path, the uncompressed bytes read so far,
    /// the log's size when it is known (plain logs), and the lines read by this run.
    public var progress: (@Sendable (_ path: String, _ bytes: Int, _ size: Int?, _ lines: Int) -> Void)?

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
        /// The format of the log's first non-blank line; each line is read in its own format.
        public var format: LogFormat?
        /// Lines read by this run (those counted before are skipped).
        public var lines = 0
        public var alreadyRead = 0
        public var scans = 0
        public var bots = 0
        public var unknownIDs = 0
        public var ignored = 0
        public var malformed = 0
        /// Why a compressed log could not be read to its end (cut short or corrupt): the
        /// whole lines before that point were read, and a later run reads on from there.
        public var damage: String?
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
        do {
            try AnalyticsStore.checkPlacement(options.storePath)
        } catch {
            throw .store(error)
        }
        try? FileManager.default.createDirectory(atPath: PathName.parent(of: options.storePath), withIntermediateDirectories: true)
        let lock = open(options.storePath + ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
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
            var codes = FlatTable(filler: Int32(0), minimumCapacity: ids.count)
            for (index, id) in ids.enumerated() {
                let bytes = Array(id.utf8)
                if let packed = bytes.withUnsafeBufferPointer({ ScanRules.packedID($0, 0..<$0.count) }) { codes.set(packed, Int32(index)) }
            }
            let rules = ScanRules(prefix: Array((manifest.redirect?.path ?? "/r/").utf8), codes: codes, ids: ids,
                                  ranks: codeRanks(ids), salt: try store.visitorSalt(), clock: options.clock, geoIP: geoIP)
            var report = IngestReport()
            for path in options.logs {
                report.logs.append(try LogIngest(path: path, rules: rules, store: store, blockSize: options.blockSize,
                                                 progress: options.progress).run())
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
    let progress: (@Sendable (String, Int, Int?, Int) -> Void)?

    func run() throws -> IngestReport.Log {
        var report = IngestReport.Log(path: path)
        let source = try LogSource(path: path)
        let start = try source.prefix(Ingester.fingerprintLength)
        guard !start.isEmpty else {
            report.damage = source.damage
            return report
        }
        // The same log seen before, perhaps renamed or compressed since: resume where it stopped.
        let known = try store.logStates().filter { state in
            state.fingerprintLength <= start.count && Array(SHA256.hash(data: start.prefix(state.fingerprintLength))) == state.fingerprint
        }.max { $0.fingerprintLength < $1.fingerprintLength }
        var state = known ?? AnalyticsStore.LogState(id: nil, fingerprint: [], fingerprintLength: 0, offset: 0, lines: 0, path: path)
        state.fingerprint = Array(SHA256.hash(data: start))
        state.fingerprintLength = start.count
        state.path = path
        report.alreadyRead = state.lines
        report.format = start.withUnsafeBufferPointer { LogFormat.detect($0) }
        try source.skip(to: state.offset)
        let workers = WorkerPair(rules: rules, store: store)
        // Blocks are parsed, then merged, on both cores; every few blocks, what they added is
        // written on a queue of its own while the next blocks are parsed.
        let commits = CommitQueue(store: store, codes: rules.ids, logID: state.id)
        var committedOffset = state.offset
        var malformed = 0

        func commit() throws {
            let days = workers.first.shard.touchedDays.union(workers.second.shard.touchedDays).sorted()
            let ranks = rules.ranks
            let parts = try Concurrently.run({ try workers.first.shard.takePart(days: days, codeRanks: ranks) },
                                             { try workers.second.shard.takePart(days: days, codeRanks: ranks) })
            let visitorDays = days.indices.map { index in
                AnalyticsStore.VisitorDay(day: days[index], hashes: parts.0.visitorBlobs[index] + parts.1.visitorBlobs[index])
            }
            try commits.waitForLast()
            commits.submit(AnalyticsStore.Commit(runs: [parts.0.entries, parts.1.entries], visitorDays: visitorDays,
                                                 log: state, malformed: malformed,
                                                 breakdowns: parts.0.breakdowns + parts.1.breakdowns, rules: rules))
            malformed = 0
            committedOffset = state.offset
        }

        while let chunk = try source.nextBlock(size: blockSize, takeUnfinished: source.compressed) {
            switch chunk {
            case .overlongLine(let line):
                report.lines += 1
                report.malformed += 1
                malformed += 1
                state.lines += 1
                if report.malformedSamples.count < 5 {
                    report.malformedSamples.append((state.lines, LogExcerpt.make(start: line.excerpt, length: line.length)))
                }
            case .lines(var block):
                let halves = try { [block] in
                    try Concurrently.run({ workers.first.tally(block, half: 0) }, { workers.second.tally(block, half: 1) })
                }()
                if let geoIP = rules.geoIP {
                    workers.shareCountries()
                    if let resident = ResidentMemory.bytes(), resident > Self.residentBudget {
                        geoIP.releasePages()
                    }
                }
                source.recycle(&block)
                let tallies = [halves.0, halves.1]
                let totals = try Concurrently.run({ workers.first.shard.merge(own: tallies[0], halves: tallies) },
                                                  { workers.second.shard.merge(own: tallies[1], halves: tallies) })
                for half in [totals.0, totals.1] {
                    report.scans += half.scans
                    report.bots += half.bots
                    report.unknownIDs += half.unknownIDs
                }
                for tally in tallies {
                    report.lines += tally.lines
                    report.ignored += tally.ignored
                    report.malformed += tally.malformed
                    malformed += tally.malformed
                    for sample in tally.malformedSamples where report.malformedSamples.count < 5 {
                        report.malformedSamples.append((state.lines + sample.line, sample.excerpt))
                    }
                    state.lines += tally.lines
                }
            }
            state.offset = source.position
            progress?(path, source.position, source.plainSize, report.lines)
            if state.offset - committedOffset >= blockSize * Self.blocksPerCommit
                || workers.pendingCount >= Self.pendingLimit {
                try commit()
            }
        }
        if state.offset != committedOffset || workers.pendingCount > 0 {
            try commit()
        }
        try commits.waitForLast()
        report.damage = source.damage
        return report
    }

    /// Blocks per transaction: a day's rows are then mostly written once, not once per
    /// block, and each visitor set is stored a few times per log instead of once per block
    /// (each commit rewrites the sets it touched). A crash loses at most that much work.
    static let blocksPerCommit = 16
    /// Resident memory above which the GeoIP database's pages are given back between
    /// blocks. Lookups of new addresses touch all of a City database (57 MB) within a
    /// block or two. Giving back its data pages after every block (each record is read
    /// once) still cost a sixth of the run in page faults on the benchmark log (measured:
    /// 1.15 s instead of 0.95 s for 2,000,000 lines), so the pages stay until this line:
    /// file pages of the page cache, at most the database's size, whatever the log's length.
    static let residentBudget = 200 << 20
    /// Pending counts that force a commit whatever the bytes: keeps memory flat on logs
    /// that touch many codes and days at once.
    static let pendingLimit = 1 << 17
}

/// Two workers, one per core, each used by one thread at a time: a counter that parses
/// half of each block and a shard that merges half of the results.
private final class WorkerPair: @unchecked Sendable {
    // @unchecked: `first` is only used by the first closure of `Concurrently.run`, `second`
    // by the second, and the run waits for both before either is used again.
    final class Worker: @unchecked Sendable {
        var counter: ScanCounter
        var shard: MergeShard

        init(counter: ScanCounter, shard: MergeShard) {
            self.counter = counter
            self.shard = shard
        }

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

    let first: Worker
    let second: Worker

    /// Counts merged by both shards and not committed yet.
    var pendingCount: Int { first.shard.pendingCount + second.shard.pendingCount }

    /// Between blocks: the addresses either counter looked up go to the cache both read.
    func shareCountries() {
        first.counter.shareNewCountries()
        second.counter.shareNewCountries()
    }

    init(rules: ScanRules, store: AnalyticsStore) {
        let countries = CountryCache()
        first = Worker(counter: ScanCounter(rules: rules, knownCountries: countries), shard: MergeShard(shard: 0, store: store))
        second = Worker(counter: ScanCounter(rules: rules, knownCountries: countries), shard: MergeShard(shard: 1, store: store))
    }
}
