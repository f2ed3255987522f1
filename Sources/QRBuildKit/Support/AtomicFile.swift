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
        try prepare(bytes, for: path, permissions: permissions).commit()
    }

    /// The first half of `write(_:to:permissions:)`: `bytes` in a temporary file beside
    /// `path`, flushed to disk, for `Pending.commit()` to put in place later (a build
    /// writes its lockfile while it writes the output, and commits it after the output).
    ///
    /// `temporary` names the file to write instead of a fresh random name: a file a
    /// killed process left there is replaced, so kills do not leave one file each.
    public static func prepare(_ bytes: [UInt8], for path: String, permissions: mode_t = 0o644,
                               temporary fixedTemporary: String? = nil) throws(FileError) -> Pending {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let descriptor: Int32
        let temporary: String
        if let fixedTemporary {
            temporary = fixedTemporary
            unlink(temporary)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        } else {
            var template = Array("\(directory)/.\(name).XXXXXX".utf8CString)
            descriptor = template.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.map { mkstemp($0) } ?? -1
            }
            temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        guard descriptor >= 0 else { throw .fromErrno("create a temporary file beside", path) }
        let pending = Pending(temporary: temporary, path: path)
        do throws(FileError) {
            defer { close(descriptor) }
            guard FileDescriptorIO.writeAll(bytes, to: descriptor) else { throw FileError.fromErrno("write", path) }
            guard fchmod(descriptor, permissions) == 0 else { throw FileError.fromErrno("set permissions on", path) }
            guard fsync(descriptor) == 0 else { throw FileError.fromErrno("flush", path) }
        } catch {
            pending.discard()
            throw error
        }
        return pending
    }

    /// A file written and flushed beside its destination, not yet in place.
    public struct Pending: Sendable {
        let temporary: String
        let path: String

        /// Renames the file over its destination; on failure it is removed and the
        /// destination is untouched.
        public func commit() throws(FileError) {
            guard rename(temporary, path) == 0 else {
                let error = FileError.fromErrno("replace", path)
                discard()
                throw error
            }
        }

        /// Removes the file, leaving the destination as it was.
        public func discard() {
            unlink(temporary)
        }
    }
}
