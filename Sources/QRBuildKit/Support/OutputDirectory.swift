import CLinux
import Foundation

/// A build's output folder and its double buffer: the next output is assembled in a hidden
/// sibling, `.<name>.previous`, and the two folders are exchanged at the end, so a failed
/// or interrupted build leaves the output whole. After the exchange the sibling holds the
/// previous build's output, which the next build recycles instead of rebuilding 100,000
/// directory entries from nothing. A lock file beside them keeps two builds apart.
public final class OutputDirectory: Sendable {
    /// Where the finished output goes.
    public let path: String
    /// The folder being filled: the previous generation, to be brought up to date.
    public let staging: String
    private let lockDescriptor: Int32

    /// Takes the output's lock; the staging folder is made by `reset()` when it cannot be reused.
    public init(path: String) throws(FileError) {
        self.path = path
        let parent = PathName.parent(of: path)
        let base = PathName.name(of: path)
        staging = parent + "/.\(base).previous"
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let lockPath = parent + "/.\(base).lock"
        lockDescriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0 else { throw .fromErrno("create the lock file", lockPath) }
        guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            let error = errno == EWOULDBLOCK
                ? FileError(path: path, operation: "build into", reason: "another qrbuild build is writing it; wait for it to finish")
                : FileError.fromErrno("lock", lockPath)
            Glibc.close(lockDescriptor)
            throw error
        }
    }

    deinit {
        Glibc.close(lockDescriptor)
    }

    /// Empties the staging folder, for when its contents cannot be trusted.
    public func reset() throws(FileError) {
        try? FileManager.default.removeItem(atPath: staging)
        guard mkdir(staging, 0o755) == 0 else { throw .fromErrno("create the staging folder", staging) }
    }

    /// Makes the staged output the real one. Where the kernel can, the two folders are
    /// exchanged in one step; otherwise the old one is moved aside first.
    public func commit() throws(FileError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            guard rename(staging, path) == 0 else { throw .fromErrno("create", path) }
            return
        }
        guard isDirectory.boolValue else {
            throw FileError(path: path, operation: "replace", reason: "it is a file, not a folder")
        }
        if qrbuild_exchange_paths(staging, path) == 0 { return }
        let aside = staging + ".aside"
        guard rename(path, aside) == 0 else { throw .fromErrno("move aside", path) }
        guard rename(staging, path) == 0 else {
            let error = FileError.fromErrno("replace", path)
            _ = rename(aside, path)
            throw error
        }
        _ = rename(aside, staging)
    }

    /// Removes the staging folder after a failure; the next build starts it afresh.
    public func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}
