#if canImport(Glibc)
import Glibc
#endif

/// The names in a folder, read with `readdir`: Foundation's listing builds URLs and
/// attributes that a build pruning 100,000 entries does not need.
enum DirectoryListing {
    struct Entry {
        let name: String
        /// A regular file (not a folder, link, device or FIFO), as the folder's entry says.
        let isRegularFile: Bool
    }

    /// Every entry but `.` and `..`; empty if the folder cannot be read. A link at the end
    /// of `path` is not followed: only a real folder is listed.
    ///
    /// Complexity: O(n) in the number of entries.
    static func entries(of path: String) -> [Entry] {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        guard let directory = fdopendir(descriptor) else {
            close(descriptor)
            return []
        }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let type = entry.pointee.d_type
            entries.append(Entry(name: name, isRegularFile: type == UInt8(DT_REG)))
        }
        return entries
    }
}
