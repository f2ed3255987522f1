#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file operation that failed, with the path and the system's reason.
public struct FileError: Error, Hashable, Sendable, CustomStringConvertible {
    public let path: String
    /// What was being done, e.g. `create a temporary file beside`.
    public let operation: String
    public let reason: String

    public var description: String { "cannot \(operation) \(path): \(reason)" }

    static func fromErrno(_ operation: String, _ path: String) -> FileError {
        FileError(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}

/// Writes files so a reader sees the old content or the new, never a half-written file.
public enum AtomicFile {
    /// Writes `bytes` to a temporary file in the destination's folder, flushes it to
    /// disk, then renames it over `path`. On failure the temporary file is removed and
    /// `path` is untouched.
    public static func write(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o644) throws(FileError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory)/.\(name).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard descriptor >= 0 else { throw .fromErrno("create a temporary file beside", path) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            guard FileDescriptorIO.writeAll(bytes, to: descriptor) else { throw FileError.fromErrno("write", path) }
            guard fchmod(descriptor, permissions) == 0 else { throw FileError.fromErrno("set permissions on", path) }
            guard fsync(descriptor) == 0 else { throw FileError.fromErrno("flush", path) }
        }
        guard rename(temporary, path) == 0 else { throw .fromErrno("replace", path) }
        succeeded = true
    }
}
