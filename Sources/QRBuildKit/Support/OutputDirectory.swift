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
        let seal = Self.readSeal(lockDescriptor)
        trustsLive = seal.live != nil && seal.live == Self.fingerprint(of: path)
        trustsStaging = seal.staging != nil && seal.staging == Self.fingerprint(of: staging)
        sealedStaging = seal.staging
    }

    /// Records in the lock file what the output and the staging folder look like now,
    /// after a build: each folder and its `images` and `bulk` by device, inode and
    /// modification and change times. A later build trusts a folder's cache only if the
    /// folder still looks so. A folder committed by a pull request, or changed by a
    /// checkout since (git makes new files, which changes their folder's times), does not,
    /// and nobody can write its fingerprint before the folder exists.
    public func seal() {
        write(live: Self.fingerprint(of: path), staging: Self.fingerprint(of: staging))
    }

    /// After a change to the live output that keeps its images true (`qrbuild site`
    /// replaces only `site/`): the live output vouched for again, if it was before, and the
    /// staging folder's record left as it was, trusted or not.
    public func resealLive() {
        guard trustsLive else { return }
        write(live: Self.fingerprint(of: path), staging: sealedStaging)
    }

    private func write(live: String?, staging: String?) {
        let text = "qrbuild output seal 1\nlive \(live ?? "-")\nstaging \(staging ?? "-")\n"
        let bytes = Array(text.utf8)
        guard ftruncate(lockDescriptor, 0) == 0 else { return }
        _ = bytes.withUnsafeBytes { pwrite(lockDescriptor, $0.baseAddress, $0.count, 0) }
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

    /// The fingerprints the lock file holds from the last build.
    private static func readSeal(_ descriptor: Int32) -> (live: String?, staging: String?) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return (nil, nil) }
        let lines = String(decoding: buffer.prefix(count), as: UTF8.self).split(separator: "\n")
        guard lines.first == "qrbuild output seal 1" else { return (nil, nil) }
        func value(_ name: String) -> String? {
            lines.first { $0.hasPrefix(name + " ") }.map { String($0.dropFirst(name.count + 1)) }.flatMap { $0 == "-" ? nil : $0 }
        }
        return (value("live"), value("staging"))
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
