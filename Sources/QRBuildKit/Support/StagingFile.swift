#if canImport(Glibc)
import Glibc
#endif

/// Writes files into a build's private staging folder. No temporary name, rename or
/// fsync per file: the folder is swapped in as a whole, and on a failure it is discarded.
enum StagingFile {
    static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        try write(parts: [bytes], to: path)
    }

    /// `parts` one after another, without joining them first.
    static func write(parts: [[UInt8]], to path: String) throws(FileError) {
        try create(path) { descriptor in parts.allSatisfy { FileDescriptorIO.writeAll($0, to: descriptor) } }
    }

    /// `text` as UTF-8, written from the string's own storage (`Array(text.utf8)` would
    /// copy it first).
    static func write(text: String, to path: String) throws(FileError) {
        var text = text
        try create(path) { descriptor in
            text.withUTF8 { FileDescriptorIO.writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
        }
    }

    /// Creates (or truncates) the file at `path` and fills it with `write`, which returns
    /// false, with `errno` set, if a write fails.
    private static func create(_ path: String, _ write: (Int32) -> Bool) throws(FileError) {
        try fill(open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644), path: path, write)
    }

    /// Fills and closes `descriptor`, just opened for `path` (negative, with `errno` set, if
    /// that failed), with `write`; each failure names `path`.
    static func fill(_ descriptor: Int32, path: @autoclosure () -> String, _ write: (Int32) -> Bool) throws(FileError) {
        guard descriptor >= 0 else { throw .fromErrno("create", path()) }
        defer { close(descriptor) }
        guard write(descriptor) else { throw .fromErrno("write", path()) }
    }

    /// The whole file, or `nil` (with `errno` set) if it cannot be read. Only a regular
    /// file is read, never through a symbolic link (`ELOOP`) and never a device or FIFO
    /// (`EINVAL`): manifests, lockfiles and staged files may come from a pull request.
    /// Regular files are read into one buffer of their size, without the growing copies
    /// of an append loop.
    static func read(_ path: String) -> [UInt8]? {
        // O_NONBLOCK: opening a FIFO would otherwise wait for a writer.
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        guard status.st_mode & S_IFMT == S_IFREG else {
            errno = EINVAL
            return nil
        }
        guard status.st_size > 0 else { return FileDescriptorIO.readAll(from: descriptor) }
        let size = Int(status.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return Glibc.read(descriptor, base + filled, size - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        guard filled == size else { return nil }
        return bytes
    }

    /// Why `read(_:)` returned nil, from `errno`, in words for a message.
    static func readFailure() -> String {
        switch errno {
        case ELOOP: "it is a symbolic link; qrbuild reads it only as a regular file (a link could point anywhere)"
        case EINVAL: "it is not a regular file"
        case ENOENT: "no such file"
        default: String(cString: strerror(errno))
        }
    }
}
