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

    /// One day's visitor hashes, sorted.
    struct VisitorDay: Sendable {
        let day: Int
        let hashes: [UInt64]
    }

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String) throws(StoreError) {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: PathName.parent(of: path), withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(60)
            // WAL with synchronous=NORMAL: a commit is atomic and survives a crash of the
            // process; only a power cut can lose the last commits, and then their log offset
            // goes with them, so those lines are simply read again.
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                try db.execute(sql: "PRAGMA cache_size = -4096")  // 4 MiB of pages
                db.add(function: CountryCounts.addFunction)
            }
            database = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch {
            throw StoreError(path: path, message: "\(error)")
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

    func visitors(onDay day: Int) throws -> [UInt64] {
        guard let data = try database.read({ db in try Data.fetchOne(db, sql: "SELECT hashes FROM visitors WHERE day = ?", arguments: [day]) }) else {
            return []
        }
        return data.withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
    }

    /// What one block of a log adds: counts, the visitor sets of the days it touched, and
    /// how far the log has been read.
    struct Commit: Sendable {
        struct Row: Sendable {
            let code: Int32
            let day: Int
            let country: UInt16
            let counts: BlockTally.Counts
        }

        var rows: [Row]
        /// Whole sets of the touched days, in any order.
        var visitorDays: [VisitorDay]
        var log: LogState
        var malformed: Int
    }

    /// Writes a block in one transaction: after a crash, either all of it is there or none.
    /// Returns the log's row id. `codes` names the codes of `rows` (by index; -1 is unknown);
    /// `rank` is `codeRanks(codes)`, made once per run.
    ///
    /// Complexity: O(r log r + v log v) for r rows and v visitor hashes; the rows go in
    /// through SQLite's C API in key order, since GRDB's per-call conveniences were most
    /// of the cost at a million rows (measured).
    func commit(_ commit: Commit, codes: [String], codeRanks rank: [Int]) throws -> Int64 {
        let now = Timestamp.string(fromSeconds: Int(Date().timeIntervalSince1970))
        // One row per (day, code), in key order (day, code text): each insert lands next
        // to the previous one.
        var grouped: [Int: (code: Int32, counts: BlockTally.Counts, countries: CountryCounts)] = [:]
        for row in commit.rows {
            let key = row.day << 24 | Int(row.code + 1)
            var entry = grouped[key] ?? (row.code, BlockTally.Counts(), CountryCounts())
            entry.counts.scans += row.counts.scans
            entry.counts.unique += row.counts.unique
            entry.counts.bots += row.counts.bots
            entry.countries.add(Int(row.counts.scans), for: row.country)
            grouped[key] = entry
        }
        let rows = grouped.sorted { left, right in
            let leftRank = left.value.code < 0 ? -1 : rank[Int(left.value.code)]
            let rightRank = right.value.code < 0 ? -1 : rank[Int(right.value.code)]
            return (left.key >> 24, leftRank) < (right.key >> 24, rightRank)
        }
        let days = commit.visitorDays.map { day in
            // Little-endian words, read back by `visitors(onDay:)`.
            // In set order: the set is rebuilt on load, so sorting would buy nothing.
            (day.day, day.hashes.map(\.littleEndian).withUnsafeBufferPointer { Data(buffer: $0) })
        }
        var log = commit.log
        return try database.write { db -> Int64 in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO daily (day, code, scans, uniqueScans, bots, countries) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (day, code) DO UPDATE SET scans = scans + excluded.scans,
                  uniqueScans = uniqueScans + excluded.uniqueScans, bots = bots + excluded.bots,
                  countries = qrbuild_add_countries(countries, excluded.countries)
                """).sqliteStatement
            for (key, entry) in rows {
                let code = entry.code < 0 ? "" : codes[Int(entry.code)]
                let blob = entry.countries.blob
                let result = code.withCString { codeText in
                    blob.withUnsafeBytes { countryBytes -> Int32 in
                        sqlite3_reset(upsert)
                        sqlite3_bind_int64(upsert, 1, sqlite3_int64(key >> 24))
                        sqlite3_bind_text(upsert, 2, codeText, -1, SQLiteText.transient)
                        sqlite3_bind_int64(upsert, 3, sqlite3_int64(entry.counts.scans))
                        sqlite3_bind_int64(upsert, 4, sqlite3_int64(entry.counts.unique))
                        sqlite3_bind_int64(upsert, 5, sqlite3_int64(entry.counts.bots))
                        if let base = countryBytes.baseAddress, countryBytes.count > 0 {
                            sqlite3_bind_blob(upsert, 6, base, Int32(countryBytes.count), SQLiteText.transient)
                        } else {
                            sqlite3_bind_zeroblob(upsert, 6, 0)  // bots only: no country scanned
                        }
                        return sqlite3_step(upsert)
                    }
                }
                guard result == SQLITE_DONE else {
                    throw StoreError(path: path, message: "cannot add counts: " + String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
            }
            sqlite3_reset(upsert)
            let replace = try db.cachedStatement(sql: "INSERT OR REPLACE INTO visitors (day, hashes) VALUES (?, ?)")
            for (day, hashes) in days {
                try replace.execute(arguments: [day, hashes])
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
