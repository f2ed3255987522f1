import Crypto
import Foundation
import QRBuildKit
import QRLock
#if canImport(Glibc)
import Glibc
#endif

/// The server's view of the key file: read again whenever the file changes (a `stat` per
/// request), so a key made, revoked or expired by `qrbuild keys` works or stops working
/// at once, without a restart. Remembers when each key was last used and writes that back
/// now and then.
final class KeyRing: Sendable {
    /// Why a request's key was refused (all answered 401; the reason goes to the log).
    enum Refusal: String, Error {
        case missing, malformed, unknown, revoked, expired
    }

    private struct Loaded {
        var stamp: FileStamp?
        var keys: [StoredKey] = []
        var digests: [[UInt8]] = []
    }

    let store: KeyStore
    private let loaded = Locked(Loaded())
    private let lastUsed = Locked<[String: Int]>([:])

    init(store: KeyStore) {
        self.store = store
    }

    /// The key a request presents, checked: well formed, known, not revoked, not expired.
    /// The digest is compared with every stored one in constant time, so the time taken
    /// says nothing about how close a guess came.
    func authenticate(_ presented: String?, now: Int) throws(Refusal) -> StoredKey {
        guard let presented else { throw .missing }
        guard APIKey.isWellFormed(presented) else { throw .malformed }
        let digest = Array(APIKey.digest(of: presented).utf8)
        let current = keys()
        var found: Int?
        for (index, stored) in current.digests.enumerated() where Self.constantTimeEqual(stored, digest) {
            found = index
        }
        guard let found else { throw .unknown }
        let key = current.keys[found]
        if key.revokedAt != nil { throw .revoked }
        if key.isExpired(at: now) { throw .expired }
        lastUsed.withLock { $0[key.digest] = now }
        return key
    }

    /// Writes the last-use times gathered since the last call into the key file.
    func flushUse() {
        let pending = lastUsed.withLock { used -> [String: Int] in
            defer { used = [:] }
            return used
        }
        try? store.recordUse(pending)
    }

    private func keys() -> (keys: [StoredKey], digests: [[UInt8]]) {
        let stamp = FileStamp(path: store.path)
        return loaded.withLock { state in
            if state.stamp != stamp || stamp == nil {
                let keys = (try? store.load()) ?? []
                state = Loaded(stamp: stamp, keys: keys, digests: keys.map { Array($0.digest.utf8) })
            }
            return (state.keys, state.digests)
        }
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// What identifies a file's version cheaply: device, inode, size and modification time.
struct FileStamp: Equatable, Sendable {
    let device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int

    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        seconds = status.st_mtim.tv_sec
        nanoseconds = status.st_mtim.tv_nsec
    }
}
