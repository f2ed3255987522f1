import CLinux
import Crypto
import Foundation

extension OutputDirectory {
    /// What the output's lock file records between builds: the two folders' fingerprints
    /// as the last build left them, and the lockfile a build was about to put in place.
    struct Seal {
        var live: String?
        var staging: String?
        var pendingLockfile: PendingLockfile?
    }

    /// A lockfile written and flushed beside its destination, to be renamed into place
    /// once the output holding the staging folder with inode `stagingInode` is live.
    struct PendingLockfile {
        var temporary: String
        var destination: String
        var stagingInode: UInt64

        /// Completes or undoes the interrupted build's lockfile, given the inode now at
        /// the output's path: the staging folder's means the exchange happened.
        func finish(liveInode: UInt64) {
            guard access(temporary, F_OK) == 0 else { return }
            if liveInode == stagingInode, rename(temporary, destination) == 0 { return }
            unlink(temporary)
        }
    }

    /// A short name for this output, the same from any working folder: 8 hex digits of
    /// the SHA-256 of its absolute path.
    public var tag: String {
        String(Array(SHA256.hash(data: Array(PathName.absolute(path).utf8))).prefix(4).withUnsafeBytes { Hex.string($0) })
    }

    private static let sealHeader = "qrbuild output seal 1"

    /// The seal the lock file holds, or an empty one.
    static func readSeal(_ descriptor: Int32) -> Seal {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return Seal() }
        let lines = String(decoding: buffer.prefix(count), as: UTF8.self).split(separator: "\n")
        guard lines.first.map(String.init) == sealHeader else { return Seal() }
        func value(_ name: String) -> String? {
            lines.first { $0.hasPrefix(name + " ") }.map { String($0.dropFirst(name.count + 1)) }.flatMap { $0 == "-" ? nil : $0 }
        }
        var seal = Seal(live: value("live"), staging: value("staging"))
        // Paths are written in hex: a newline in a folder's name cannot forge a line.
        if let fields = value("pending-lockfile")?.split(separator: " "), fields.count == 3,
           let temporary = fromHex(fields[0]), let destination = fromHex(fields[1]), let inode = UInt64(fields[2]) {
            seal.pendingLockfile = PendingLockfile(temporary: temporary, destination: destination, stagingInode: inode)
        }
        return seal
    }

    /// Replaces the lock file's text with `seal`.
    static func write(_ seal: Seal, to descriptor: Int32) {
        var text = "\(sealHeader)\nlive \(seal.live ?? "-")\nstaging \(seal.staging ?? "-")\n"
        if let pending = seal.pendingLockfile {
            text += "pending-lockfile \(toHex(pending.temporary)) \(toHex(pending.destination)) \(pending.stagingInode)\n"
        }
        let bytes = Array(text.utf8)
        guard ftruncate(descriptor, 0) == 0 else { return }
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// The inode at `path` without following a link, or 0 if there is nothing.
    static func inode(of path: String) -> UInt64 {
        var status = stat()
        guard lstat(path, &status) == 0 else { return 0 }
        return UInt64(status.st_ino)
    }

    private static func toHex(_ text: String) -> String {
        Array(text.utf8).withUnsafeBytes { Hex.string($0) }
    }

    private static func fromHex(_ text: Substring) -> String? {
        Hex.bytes(text).map { String(decoding: $0, as: UTF8.self) }
    }
}
