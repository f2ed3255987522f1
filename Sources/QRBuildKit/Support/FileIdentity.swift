#if canImport(Glibc)
import Glibc
#endif

/// Which file a name held when a build wrote it: inode, size and modification time. A
/// build's cache vouches for a file only while its name still holds the same one, so a
/// file replaced or rewritten since (a checkout, a pull request that commits the output,
/// a hand edit) is made again instead of being trusted: nobody can write a cache line
/// for a file before the file exists, and its inode and nanoseconds are not known then.
struct FileIdentity: Hashable, Sendable {
    let inode: UInt64
    let size: Int64
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int

    private init(_ status: stat) {
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modifiedSeconds = Int(status.st_mtim.tv_sec)
        modifiedNanoseconds = Int(status.st_mtim.tv_nsec)
    }

    /// The regular file `name` in the folder open as `folder`, without following a link;
    /// nil for anything else (missing, a link, a folder, a device).
    init?(of name: String, in folder: Int32) {
        var status = stat()
        guard fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        self.init(status)
    }

    /// The regular file open as `descriptor`; nil for anything else.
    init?(descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        self.init(status)
    }

    /// `inode:size:seconds.nanoseconds`, as the cache stores it.
    var text: String { "\(inode):\(size):\(modifiedSeconds).\(modifiedNanoseconds)" }

    /// Reads `text`; nil if it is not in that form.
    init?(text: Substring) {
        let parts = text.split(separator: ":")
        guard parts.count == 3, let inode = UInt64(parts[0]), let size = Int64(parts[1]) else { return nil }
        let time = parts[2].split(separator: ".")
        guard time.count == 2, let seconds = Int(time[0]), let nanoseconds = Int(time[1]) else { return nil }
        self.inode = inode
        self.size = size
        modifiedSeconds = seconds
        modifiedNanoseconds = nanoseconds
    }
}
