#if canImport(Glibc)
import Glibc
#endif

/// The process's limit on open files. A build keeps every archive it rewrites open at
/// once (one per tag, and all.zip), so a manifest with a thousand tags meets the common
/// soft limit of 1,024: the soft limit is raised to the hard one, and what still does
/// not fit is a clear error before anything is written.
enum OpenFileLimit {
    /// Descriptors a build needs besides its archives: the manifest, the lock, the
    /// folders, the files being written, libarchive's and the runtime's own.
    static let reserve = 64

    /// Makes room for `archives` open archives, or says why there is none.
    static func ensureRoom(forArchives archives: Int) throws(BuildError) {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let needed = rlim_t(archives + reserve)
        if limit.rlim_cur < needed, limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = min(limit.rlim_max, max(needed, limit.rlim_cur))
            _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        guard limit.rlim_cur >= needed else {
            throw .io("the manifest's \(archives - 1) tags need \(archives) archives open at once, and this process may open "
                      + "only \(limit.rlim_cur) files: raise the limit (ulimit -n \(needed)) or use fewer tags")
        }
    }
}
