import Foundation
import GRDB
import GRDBSQLite
import QRBuildKit

/// Why the store could not be used.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { "analytics store \(path): \(message)" }
}

/// The analytics store: SQLite through GRDB, in WAL mode, holding aggregates only
/// (code, day, country → scans, unique scans, bots), the per-day sets of salted visitor
/// hashes that decide uniqueness, and how far each log has been read. No raw lines and
/// no addresses: it stays small for years of logs.
public final class AnalyticsStore: Sendable {
    public let path: String
    let database: DatabasePool

    /// A log this store has read from, recognised by a hash of its first bytes.
    struct LogState: Sendable {
        var id: Int64?
        var fingerprint: [UInt8]
        var fingerprintLength: Int
        /// Uncompressed bytes counted so far (always at a line end).
        var offset: Int
        var lines: Int
        var path: String
    }

    /// One day's visitor hashes, as `VisitorSet.blob` writes them.
    struct VisitorDay: Sendable {
        let day: Int
        let hashes: Data
    }

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String) throws(StoreError) {
        self.path = path
        try Self.checkPlacement(path)
        do {
            try FileManager.default.createDirectory(atPath: PathName.parent(of: path), withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(60)
            // WAL with synchronous=NORMAL: a commit is atomic and survives a crash of the
            // process; only a power cut can lose the last commits, and then their log offset
            // goes with them, so those lines are simply read again.
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                try db.execute(sql: "PRAGMA cache_size = -2048")  // 2 MiB of pages: inserts come in key order
                db.add(function: CountryCounts.addFunction)
                db.add(function: BreakdownCounts.addFunction)
            }
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch {
            throw StoreError(path: path, message: "\(error)")
        }
    }

    /// SQLite's `PRAGMA quick_check` on the store: `ok`, or what is damaged.
    public func quickCheck() throws(StoreError) -> String {
        do {
            return try database.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check").joined(separator: "; ") }
        } catch {
            throw StoreError(path: path, message: "\(error)")
        }
    }

    /// Refuses a store whose folder, database, journal or lock is a symbolic link (or
    /// anything but a folder and regular files): `.qrbuild/` beside the manifest may come
    /// from a pull request, and SQLite would follow a link to create or write files anywhere.
    public static func checkPlacement(_ path: String) throws(StoreError) {
        let folder = PathName.parent(of: path)
        for (candidate, kind) in [(folder, S_IFDIR)] + ["", "-wal", "-shm", "-journal", ".lock"].map({ (path + $0, S_IFREG) }) {
            var status = stat()
            guard lstat(candidate, &status) == 0 else { continue }
            guard status.st_mode & S_IFMT == kind else {
                let what = status.st_mode & S_IFMT == S_IFLNK ? "a symbolic link" : "not a \(kind == S_IFDIR ? "folder" : "regular file")"
                throw StoreError(path: path, message: "\(candidate) is \(what); the store is kept only in real files and folders, "
                                                    + "so remove it (a repository should not hold the store: keep .qrbuild/ out of git)")
            }
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: aggregates, visitor sets, logs read") { db in
            try db.create(table: "meta") { table in
                table.column("key", .text).primaryKey()
                table.column("value", .blob).notNull()
            }
            var salt = [UInt8](repeating: 0, count: 16)
            var generator = SystemRandomNumberGenerator()
            for index in salt.indices { salt[index] = generator.next() }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('visitorSalt', ?)", arguments: [Data(salt)])
            // Keyed by day first: logs arrive in time order, so each block's rows land at the
            // end of the tree instead of on a page per code (per-code keys made a million-row
            // ingest rewrite ~300,000 pages, measured). A code's query scans its days' range.
            try db.create(table: "daily", options: [.withoutRowID]) { table in
                table.column("day", .integer).notNull()  // days since 1970-01-01
                table.column("code", .text).notNull()  // lower-case id; "" for ids not in the manifest
                table.column("scans", .integer).notNull()
                table.column("uniqueScans", .integer).notNull()
                table.column("bots", .integer).notNull()
                table.column("countries", .blob).notNull()  // see CountryCounts
                table.primaryKey(["day", "code"])
            }
            try db.create(table: "visitors") { table in
                table.column("day", .integer).primaryKey()
                table.column("hashes", .blob).notNull()
            }
            try db.create(table: "logs") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("fingerprint", .blob).notNull()
                table.column("fingerprintLength", .integer).notNull()
                table.column("offset", .integer).notNull()
                table.column("lines", .integer).notNull()
                table.column("malformed", .integer).notNull().defaults(to: 0)
                table.column("path", .text).notNull()
                table.column("updatedAt", .text).notNull()
            }
        }
        // A store from before breakdowns keeps its counts; its older days have none.
        migrator.registerMigration("v2: breakdowns by device, OS, browser, referrer, hour and city") { db in
            try db.alter(table: "daily") { table in
                table.add(column: "breakdowns", .blob).notNull().defaults(to: Data())  // see BreakdownCounts
            }
        }
        return migrator
    }

    /// The secret key of visitor hashes, made when the store was created.
    func visitorSalt() throws -> (UInt64, UInt64) {
        let data = try database.read { db in try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'visitorSalt'") }
        guard let data, data.count == 16 else { throw StoreError(path: path, message: "the visitor salt is missing") }
        let bytes = [UInt8](data)
        func word(_ start: Int) -> UInt64 { bytes[start..<(start + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
        return (word(0), word(8))
    }

    func logStates() throws -> [LogState] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, fingerprint, fingerprintLength, offset, lines, path FROM logs").map { row in
                LogState(id: row["id"], fingerprint: [UInt8](row["fingerprint"] as Data), fingerprintLength: row["fingerprintLength"],
                         offset: row["offset"], lines: row["lines"], path: row["path"])
            }
        }
    }

    /// One day's stored visitor hashes, as `VisitorSet.blob` wrote them (empty if none).
    func visitorBlob(onDay day: Int) throws -> Data {
        try database.read { db in try Data.fetchOne(db, sql: "SELECT hashes FROM visitors WHERE day = ?", arguments: [day]) } ?? Data()
    }

    /// What some blocks of a log add: counts, the visitor sets of the days they touched,
    /// and how far the log has been read.
    struct Commit: Sendable {
        /// Counts of one (code, day, country), with their place in the table's key order.
        struct Entry: Sendable {
            /// 22 bits of day (made non-negative), 32 of code rank (0 for unknown ids: ""
            /// sorts first), 10 of country.
            let order: UInt64
            let code: Int32
            let counts: BlockTally.Counts

            /// `rank` is `codeRanks(codes)`.
            init(key: TallyKey, codeRanks rank: [Int], counts: BlockTally.Counts) {
                let codeRank = key.code < 0 ? 0 : UInt64(rank[Int(key.code)] + 1)
                order = UInt64(key.day + 0x20_0000) << 42 | codeRank << 10 | UInt64(key.country)
                code = key.code
                self.counts = counts
            }

            var day: Int { Int(order >> 42) - 0x20_0000 }
            var country: UInt16 { UInt16(order & 0x3FF) }
            /// Day and code: entries with the same row go into one row of `daily`.
            var row: UInt64 { order >> 10 }
        }

        /// Runs of entries, each sorted by `order`; an order may appear in several runs.
        var runs: [[Entry]]
        /// Whole sets of the touched days, in any order.
        var visitorDays: [VisitorDay]
        var log: LogState
        var malformed: Int
        /// Breakdown counts of both shards (the same key may come from each).
        var breakdowns: [(key: UInt64, scans: Int32)] = []
        /// What names the breakdowns' numbers.
        var rules: ScanRules?
    }

    /// Writes some blocks in one transaction: after a crash, either all of it is there or
    /// none. Returns the log's row id. `codes` names the entries' codes (by index; -1 is
    /// an unknown id).
    ///
    /// Complexity: O(n × r) for n entries in r runs: the runs are merged in the table's key
    /// order (day, code text, country), so each (day, code) row is made from a run of
    /// entries and each insert lands next to the previous one. The rows go in through
    /// SQLite's C API, since GRDB's per-call conveniences were most of the cost at a million
    /// rows (measured).
    func commit(_ commit: Commit, codes: [String]) throws -> Int64 {
        let now = Timestamp.string(fromSeconds: Int(Date().timeIntervalSince1970))
        var entries = MergedRuns(commit.runs)
        var log = commit.log
        var breakdownRows = commit.rules.map { BreakdownRows(commit.breakdowns, rules: $0) }
        return try database.write { db -> Int64 in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO daily (day, code, scans, uniqueScans, bots, countries, breakdowns) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (day, code) DO UPDATE SET scans = scans + excluded.scans,
                  uniqueScans = uniqueScans + excluded.uniqueScans, bots = bots + excluded.bots,
                  countries = qrbuild_add_countries(countries, excluded.countries),
                  breakdowns = qrbuild_add_breakdowns(breakdowns, excluded.breakdowns)
                """).sqliteStatement
            var countries = CountryCounts.Writer()
            var scratch = BreakdownRows.Scratch()
            var next = entries.next()
            while let first = next {
                // One (day, code) row from the entries that share them, country by country.
                var total = BlockTally.Counts()
                var country = first.country
                var countryScans: Int32 = 0
                countries.removeAll()
                while let entry = next, entry.row == first.row {
                    if entry.country != country {
                        countries.append(country, scans: countryScans)
                        country = entry.country
                        countryScans = 0
                    }
                    countryScans += entry.counts.scans
                    total.scans += entry.counts.scans
                    total.unique += entry.counts.unique
                    total.bots += entry.counts.bots
                    next = entries.next()
                }
                countries.append(country, scans: countryScans)
                let code = first.code < 0 ? "" : codes[Int(first.code)]
                let day = first.day
                scratch.bytes.removeAll(keepingCapacity: true)
                if first.code >= 0 { breakdownRows?.blob(day: day, code: first.code, &scratch) }
                let breakdownBlob = scratch.bytes
                let result = code.withCString { codeText in
                    countries.bytes.withUnsafeBytes { countryBytes -> Int32 in
                      breakdownBlob.withUnsafeBytes { breakdownBytes -> Int32 in
                        sqlite3_reset(upsert)
                        sqlite3_bind_int64(upsert, 1, sqlite3_int64(day))
                        sqlite3_bind_text(upsert, 2, codeText, -1, SQLiteText.transient)
                        sqlite3_bind_int64(upsert, 3, sqlite3_int64(total.scans))
                        sqlite3_bind_int64(upsert, 4, sqlite3_int64(total.unique))
                        sqlite3_bind_int64(upsert, 5, sqlite3_int64(total.bots))
                        if let base = countryBytes.baseAddress, countryBytes.count > 0 {
                            sqlite3_bind_blob(upsert, 6, base, Int32(countryBytes.count), SQLiteText.transient)
                        } else {
                            sqlite3_bind_zeroblob(upsert, 6, 0)  // bots only: no country scanned
                        }
                        if let base = breakdownBytes.baseAddress, breakdownBytes.count > 0 {
                            sqlite3_bind_blob(upsert, 7, base, Int32(breakdownBytes.count), SQLiteText.transient)
                        } else {
                            sqlite3_bind_zeroblob(upsert, 7, 0)
                        }
                        return sqlite3_step(upsert)
                      }
                    }
                }
                guard result == SQLITE_DONE else {
                    throw StoreError(path: path, message: "cannot add counts: " + String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
            }
            sqlite3_reset(upsert)
            let replace = try db.cachedStatement(sql: "INSERT OR REPLACE INTO visitors (day, hashes) VALUES (?, ?)")
            for day in commit.visitorDays {
                try replace.execute(arguments: [day.day, day.hashes])
            }
            if let id = log.id {
                try db.execute(sql: """
                    UPDATE logs SET fingerprint = ?, fingerprintLength = ?, offset = ?, lines = ?, malformed = malformed + ?,
                      path = ?, updatedAt = ? WHERE id = ?
                    """, arguments: [Data(log.fingerprint), log.fingerprintLength, log.offset, log.lines, commit.malformed, log.path, now, id])
                return id
            }
            try db.execute(sql: """
                INSERT INTO logs (fingerprint, fingerprintLength, offset, lines, malformed, path, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [Data(log.fingerprint), log.fingerprintLength, log.offset, log.lines, commit.malformed, log.path, now])
            log.id = db.lastInsertedRowID
            return db.lastInsertedRowID
        }
    }
}

/// Sorted runs of commit entries, read as one sorted sequence.
private struct MergedRuns {
    private let runs: [[AnalyticsStore.Commit.Entry]]
    private var positions: [Int]

    init(_ runs: [[AnalyticsStore.Commit.Entry]]) {
        self.runs = runs
        positions = [Int](repeating: 0, count: runs.count)
    }

    /// The smallest entry not yet read. Complexity: O(runs).
    mutating func next() -> AnalyticsStore.Commit.Entry? {
        var best: Int?
        for run in runs.indices where positions[run] < runs[run].count {
            if let chosen = best, runs[chosen][positions[chosen]].order <= runs[run][positions[run]].order { continue }
            best = run
        }
        guard let best else { return nil }
        positions[best] += 1
        return runs[best][positions[best] - 1]
    }
}

/// Each code's position when the codes are sorted as SQLite compares text (bytewise).
func codeRanks(_ codes: [String]) -> [Int] {
    var rank = [Int](repeating: 0, count: codes.count)
    for (position, index) in codes.indices.sorted(by: { Array(codes[$0].utf8).lexicographicallyPrecedes(Array(codes[$1].utf8)) }).enumerated() {
        rank[index] = position
    }
    return rank
}

/// SQLite's "copy this text now" destructor, which Swift cannot spell as a constant.
private enum SQLiteText {
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
