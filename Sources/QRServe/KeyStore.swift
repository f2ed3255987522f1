import Foundation
import QRBuildKit
#if canImport(Glibc)
import Glibc
#endif

/// What a key may do.
public enum KeyScope: String, Codable, CaseIterable, Sendable, Comparable {
    /// List, read, images, static renders.
    case read
    /// Create, update destinations, bulk create.
    case write
    /// Scan analytics.
    case analytics

    public static func < (a: KeyScope, b: KeyScope) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// One key as the key file holds it: its hash, never the key.
public struct StoredKey: Codable, Sendable, Equatable {
    public var name: String
    /// `sha256:` and the key's SHA-256 in hex (see `APIKey.digest`).
    public var digest: String
    public var scopes: [KeyScope]
    public var createdAt: String
    /// The last day the key works (UTC), `2027-06-30`; nil: no end.
    public var expires: String?
    public var revokedAt: String?
    public var lastUsedAt: String?

    /// Whether the key has stopped working at `now` (seconds since 1970).
    public func isExpired(at now: Int) -> Bool {
        guard let expires, let end = KeyStore.endOfDay(expires) else { return false }
        return now >= end
    }
}

/// Why a key store could not be read or changed.
public struct KeyStoreError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// The key file, `.qrbuild/keys.json` beside the store (outside git; mode 0600), holding
/// only hashes. Every change is a read, edit and atomic write under the file's lock, so
/// `qrbuild keys` and a running server (which records when keys were last used) never
/// lose each other's change.
public struct KeyStore: Sendable {
    public let path: String
    private var lockPath: String { path + ".lock" }

    private struct File: Codable {
        var version = 1
        var keys: [StoredKey] = []
    }

    public init(path: String) {
        self.path = path
    }

    /// Every key, revoked and expired ones included; none when the file does not exist.
    public func load() throws(KeyStoreError) -> [StoredKey] {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw KeyStoreError(description: "cannot read \(path)") }
            return []
        }
        do {
            return try JSONDecoder().decode(File.self, from: bytes).keys
        } catch {
            throw KeyStoreError(description: "\(path) is not a qrbuild key file: \(error)")
        }
    }

    /// Makes a key named `name` and stores its hash; returns the key, which is shown once.
    public func create(name: String, scopes: [KeyScope], expires: String?, now: Int) throws(KeyStoreError) -> String {
        guard Self.isValidName(name) else {
            throw KeyStoreError(description: "--name \"\(name)\": use 1-64 letters, digits, - _ . (it names the key in logs and commits)")
        }
        if let expires {
            guard let end = Self.endOfDay(expires) else {
                throw KeyStoreError(description: "--expires \"\(expires)\": give a date as YYYY-MM-DD (the last day the key works, UTC)")
            }
            guard end > now else { throw KeyStoreError(description: "--expires \(expires) is in the past") }
        }
        guard !scopes.isEmpty else { throw KeyStoreError(description: "--scope: give at least one of read, write, analytics") }
        let key = APIKey.generate()
        try update { keys throws(KeyStoreError) in
            if keys.contains(where: { $0.name == name && $0.revokedAt == nil }) {
                throw KeyStoreError(description: "a key named \(name) exists; revoke it first (qrbuild keys revoke \(name)) or choose another name")
            }
            keys.append(StoredKey(name: name, digest: APIKey.digest(of: key), scopes: Array(Set(scopes)).sorted(),
                                  createdAt: Timestamp.string(fromSeconds: now), expires: expires))
        }
        return key
    }

    /// Revokes the working key named `name`: it stops working at once.
    public func revoke(name: String, now: Int) throws(KeyStoreError) {
        try update { keys throws(KeyStoreError) in
            guard let index = keys.firstIndex(where: { $0.name == name && $0.revokedAt == nil }) else {
                let names = keys.filter { $0.revokedAt == nil }.map(\.name)
                throw KeyStoreError(description: "no working key is named \(name)" + (names.isEmpty ? "" : " (keys: \(names.joined(separator: ", ")))"))
            }
            keys[index].revokedAt = Timestamp.string(fromSeconds: now)
        }
    }

    /// Records when keys were last used (by digest), keeping every other change.
    public func recordUse(_ lastUsed: [String: Int]) throws(KeyStoreError) {
        guard !lastUsed.isEmpty else { return }
        try update { keys throws(KeyStoreError) in
            for index in keys.indices {
                if let seconds = lastUsed[keys[index].digest] { keys[index].lastUsedAt = Timestamp.string(fromSeconds: seconds) }
            }
        }
    }

    /// Reads, changes and writes the key file under its lock.
    private func update(_ change: (inout [StoredKey]) throws(KeyStoreError) -> Void) throws(KeyStoreError) {
        let folder = PathName.parent(of: path)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw KeyStoreError(description: "cannot create \(folder): \(error.localizedDescription)")
        }
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard lock >= 0, flock(lock, LOCK_EX) == 0 else {
            throw KeyStoreError(description: "cannot lock \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { close(lock) }
        var file = File(keys: try load())
        try change(&file.keys)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let bytes = try encoder.encode(file)
            try AtomicFile.write(Array(bytes) + [0x0A], to: path, permissions: 0o600)
        } catch {
            throw KeyStoreError(description: "cannot write \(path): \(error)")
        }
    }

    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
    }

    /// The first second after the day `date` (`YYYY-MM-DD`, UTC), or nil if it is not a date.
    static func endOfDay(_ date: String) -> Int? {
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        let days = Timestamp.days(fromCivil: year, month, day)
        // 2027-02-30 is not a day: it would come back as another.
        guard Timestamp.civilDate(fromDays: days) == (year, month, day) else { return nil }
        return (days + 1) * 86_400
    }
}
