#if canImport(Glibc)
import Glibc
#endif

/// The names in a folder, read with `readdir`: Foundation's listing builds URLs and
/// attributes that a build pruning 100,000 entries does not need.
enum DirectoryListing {
    struct Entry {
        let name: String
        let isDirectory: Bool
    }

    /// Every entry but `.` and `..`; empty if the folder cannot be read.
    ///
    /// Complexity: O(n) in the number of entries.
    static func entries(of path: String) -> [Entry] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            entries.append(Entry(name: name, isDirectory: entry.pointee.d_type == UInt8(DT_DIR)))
        }
        return entries
    }
}
