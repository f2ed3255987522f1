#if canImport(Glibc)
import Glibc
#endif

/// Writes files into a build's private staging folder. No temporary name, rename or
/// fsync per file: the folder is swapped in as a whole, and on a failure it is discarded.
enum StagingFile {
    static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .fromErrno("create", path) }
        defer { close(descriptor) }
        guard FileDescriptorIO.writeAll(bytes, to: descriptor) else { throw .fromErrno("write", path) }
    }

    /// The whole file, or `nil` if it cannot be read.
    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return FileDescriptorIO.readAll(from: descriptor)
    }
}
