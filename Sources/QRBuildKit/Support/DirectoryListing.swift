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
            let name = Self.name(of: entry)
            if name == "." || name == ".." { continue }
            let type = UnsafeRawPointer(entry).load(fromByteOffset: Self.typeOffset, as: UInt8.self)
            entries.append(Entry(name: name, isRegularFile: type == UInt8(DT_REG)))
        }
        return entries
    }

    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19
    private static let typeOffset = MemoryLayout<dirent>.offset(of: \dirent.d_type) ?? 18

    /// The name of an entry `readdir` returned, read up to its NUL.
    ///
    /// Never through `entry.pointee`: the kernel packs entries only as long as their
    /// names, and copying the whole `dirent` (256 bytes of `d_name`) read past the end of
    /// the listing's buffer when a short last entry sat at the end of a page, which
    /// crashed one build in a few hundred (found by the kill-during-build drill).
    static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        String(cString: UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self))
    }
}
