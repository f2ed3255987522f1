#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open folder in the staging output whose files are written by name: the kernel then
/// resolves one name per file, not the whole path (a build writes thousands of images).
final class StagingFolder {
    let path: String
    private let descriptor: Int32

    init(path: String) throws(FileError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fromErrno("open the folder", path) }
    }

    deinit {
        close(descriptor)
    }

    /// Creates or replaces the file `name` (a plain name, no `/`) with `bytes`.
    func write(_ bytes: [UInt8], named name: String) throws(FileError) {
        try StagingFile.fill(openat(descriptor, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644),
                             path: path + "/" + name) { FileDescriptorIO.writeAll(bytes, to: $0) }
    }
}
