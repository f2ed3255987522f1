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
    /// Whether the live output and the staging folder are as the last build left them, so
    /// that their caches can vouch for their files (see `seal()`).
    public let trustsLive: Bool
    public let trustsStaging: Bool
    /// The staging folder's fingerprint as the last seal recorded it.
    private let sealedStaging: String?

    /// Takes the output's lock; the staging folder is made by `reset()` when it cannot be reused.
    ///
    /// The output, its staging folder and its lock may have been committed by a pull
    /// request, as links to anywhere: the output must be a real folder (or absent), and a
    /// staging folder or lock that is not what qrbuild makes is removed as it is.
    public init(path: String) throws(FileError) {
        self.path = path
        let parent = PathName.parent(of: path)
        let base = PathName.name(of: path)
        staging = parent + "/.\(base).previous"
        // A relative output path lies in the repository, whose folders a pull request may
        // have replaced with links: none on the way is followed.
        if !path.hasPrefix("/") {
            var walked = ""
            for component in path.split(separator: "/").dropLast() {
                walked += (walked.isEmpty ? "" : "/") + component
                guard component != ".", component != "..", SafeTree.kind(of: walked) == .other else { continue }
                throw FileError(path: walked, operation: "build through", reason: "it is a symbolic link (or not a folder); "
                                                                               + "qrbuild writes only into real folders")
            }
        }
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        switch SafeTree.kind(of: path) {
        case .missing, .directory: break
        case .file, .other:
            throw FileError(path: path, operation: "build into", reason: "it is a file or a symbolic link, not a folder; "
                                                                          + "remove it, or name the real folder with -o")
        }
        if SafeTree.kind(of: staging) == .other { try SafeTree.remove(staging) }
        let lockPath = parent + "/.\(base).lock"
        if SafeTree.kind(of: lockPath) == .other { try SafeTree.remove(lockPath) }
        lockDescriptor = open(lockPath, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0 else { throw .fromErrno("create the lock file", lockPath) }
        guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            let error = errno == EWOULDBLOCK
                ? FileError(path: path, operation: "build into", reason: "another qrbuild build is writing it; wait for it to finish")
                : FileError.fromErrno("lock", lockPath)
            Glibc.close(lockDescriptor)
            throw error
        }
        var seal = Self.readSeal(lockDescriptor)
        if let pending = seal.pendingLockfile {
            // A build was killed between the exchange of the folders and the rename of its
            // lockfile: the output it left decides which lockfile is true.
            pending.finish(liveInode: Self.inode(of: path))
            seal.pendingLockfile = nil
            Self.write(seal, to: lockDescriptor)
        }
        trustsLive = seal.live != nil && seal.live == Self.fingerprint(of: path)
        trustsStaging = seal.staging != nil && seal.staging == Self.fingerprint(of: staging)
        sealedStaging = seal.staging
    }

    /// Notes in the lock file, flushed to disk, the lockfile that `commit()` makes true:
    /// if the build is killed after the exchange and before that file is renamed into
    /// place, the next build or site run finishes the rename; if it is killed before the
    /// exchange, the file is removed. Either way the lockfile matches the output.
    public func recordPendingLockfile(_ pending: AtomicFile.Pending) throws(FileError) {
        let record = PendingLockfile(temporary: PathName.absolute(pending.temporary),
                                     destination: PathName.absolute(pending.path),
                                     stagingInode: Self.inode(of: staging))
        var seal = Self.readSeal(lockDescriptor)
        seal.pendingLockfile = record
        Self.write(seal, to: lockDescriptor)
        guard fsync(lockDescriptor) == 0 else { throw .fromErrno("flush", PathName.parent(of: path) + "/.\(PathName.name(of: path)).lock") }
    }

    /// Records in the lock file what the output and the staging folder look like now,
    /// after a build: each folder and its `images` and `bulk` by device, inode and
    /// modification and change times. A later build trusts a folder's cache only if the
    /// folder still looks so. A folder committed by a pull request, or changed by a
    /// checkout since (git makes new files, which changes their folder's times), does not,
    /// and nobody can write its fingerprint before the folder exists.
    public func seal() {
        Self.write(Seal(live: Self.fingerprint(of: path), staging: Self.fingerprint(of: staging)), to: lockDescriptor)
    }

    /// After a change to the live output that keeps its images true (`qrbuild site`
    /// replaces only `site/`): the live output vouched for again, if it was before, and the
    /// staging folder's record left as it was, trusted or not.
    public func resealLive() {
        guard trustsLive else { return }
        Self.write(Seal(live: Self.fingerprint(of: path), staging: sealedStaging), to: lockDescriptor)
    }

    /// The folder at `path`, its `images` and its `bulk`, seen without following links;
    /// nil unless all three are real folders.
    private static func fingerprint(of path: String) -> String? {
        var parts: [String] = []
        for folder in [path, path + "/images", path + "/bulk"] {
            var status = stat()
            guard lstat(folder, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return nil }
            parts.append("\(status.st_dev):\(status.st_ino):\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
                         + ":\(status.st_ctim.tv_sec).\(status.st_ctim.tv_nsec)")
        }
        return parts.joined(separator: " ")
    }

    deinit {
        Glibc.close(lockDescriptor)
    }

    /// Empties the staging folder, for when its contents cannot be trusted.
    public func reset() throws(FileError) {
        try SafeTree.remove(staging)
        guard mkdir(staging, 0o755) == 0 else { throw .fromErrno("create the staging folder", staging) }
    }

    /// Makes the staged output the real one. Where the kernel can, the two folders are
    /// exchanged in one step; otherwise the old one is moved aside first.
    public func commit() throws(FileError) {
        switch SafeTree.kind(of: path) {
        case .missing:
            guard rename(staging, path) == 0 else { throw .fromErrno("create", path) }
            return
        case .directory: break
        case .file, .other:
            throw FileError(path: path, operation: "replace", reason: "it is a file or a symbolic link, not a folder")
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
        try? SafeTree.remove(staging)
    }
}
