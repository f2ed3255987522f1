import CMaxMindDB
import Glibc

/// Why a GeoIP database could not be used, in libmaxminddb's words.
public struct GeoIPError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { "cannot open the GeoIP database \(path): \(message)" }
}

/// A MaxMind-format (`.mmdb`) database opened with libmaxminddb, memory-mapped, and
/// looked up for the country of an IPv4 or IPv6 address.
public final class GeoIPDatabase: @unchecked Sendable {
    // @unchecked: libmaxminddb's lookups only read the mapped database; they are safe
    // from several threads at once (documented), and nothing here mutates after init.
    private var database = MMDB_s()
    /// Whether `MMDB_open` succeeded. A failed open has already freed what it allocated,
    /// and closing it again dereferences null (found by FuzzGeoIP on a damaged metadata
    /// section), so `deinit` closes only an open database.
    private var isOpen = false
    let path: String

    init(path: String) throws(GeoIPError) {
        self.path = path
        let status = MMDB_open(path, UInt32(MMDB_MODE_MMAP), &database)
        guard status == MMDB_SUCCESS else {
            throw GeoIPError(path: path, message: String(cString: MMDB_strerror(status)))
        }
        isOpen = true
    }

    deinit {
        if isOpen { MMDB_close(&database) }
    }

    /// When the database was built (its metadata's `build_epoch`), in seconds since 1970.
    var buildEpoch: Int { Int(database.metadata.build_epoch) }

    /// The database's type, e.g. `GeoLite2-City`.
    /// True for City databases (GeoIP2-City, GeoLite2-City, DB-IP's City Lite).
    var hasCities: Bool { databaseType.contains("City") }
    var databaseType: String { database.metadata.database_type.map { String(cString: $0) } ?? "unknown" }

    /// The type and build time of the database at `path`, for `qrbuild doctor`.
    public static func describe(path: String) throws(GeoIPError) -> (type: String, builtAt: Int) {
        let database = try GeoIPDatabase(path: path)
        return (database.databaseType, database.buildEpoch)
    }

    /// Gives the pages of the mapped database back to the kernel's page cache, so they
    /// stop counting as this process's memory; a page needed again is a minor fault from
    /// the page cache.
    func releasePages() {
        guard let base = database.file_content, database.file_size > 0 else { return }
        madvise(UnsafeMutableRawPointer(mutating: base), Int(database.file_size), MADV_DONTNEED)
    }

    /// Where `address` (text) is in the database: its record's offset, or nil if the
    /// database has no record for it or the text is not an address.
    func record(of address: String) -> UInt32? {
        var offset: UInt32 = 0
        return qrbuild_mmdb_find(&database, address, &offset) == 0 ? offset : nil
    }

    /// The English name of the city of a record from `record(of:)` (at most 95 bytes), or
    /// nil if it has none (a Country database, or an address known to its country only).
    func city(ofRecord offset: UInt32) -> String? {
        var buffer = [CChar](repeating: 0, count: 96)
        let length = buffer.withUnsafeMutableBufferPointer { out in
            out.baseAddress.map { qrbuild_mmdb_entry_city(&database, offset, $0, Int32(out.count)) } ?? 0
        }
        guard length > 0 else { return nil }
        let bytes = buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }
        // A name cut at 95 bytes may end inside a character: it ends before that character.
        // A damaged database may hold any bytes: a name that is not UTF-8 is no name (found
        // by fuzzing; decoding it with replacement characters made it longer than 95 bytes).
        var end = bytes.count
        while end > 0, end > bytes.count - 4 {
            if let name = String(validating: bytes[..<end], as: UTF8.self) { return name.isEmpty ? nil : name }
            end -= 1
        }
        return nil
    }

    /// The ISO 3166 country code of a record from `record(of:)`, or nil if it has none.
    func country(ofRecord offset: UInt32) -> String? {
        var code: (CChar, CChar, CChar) = (0, 0, 0)
        let status = withUnsafeMutableBytes(of: &code) { raw -> Int32 in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return -1 }
            return qrbuild_mmdb_entry_country(&database, offset, base)
        }
        // A damaged or hostile database may hold any bytes here: only a code of two
        // capital letters is one (found by fuzzing on mutated databases).
        let letters = [UInt8(bitPattern: code.0), UInt8(bitPattern: code.1)]
        guard status == 0, letters.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else { return nil }
        return String(decoding: letters, as: UTF8.self)
    }
}
