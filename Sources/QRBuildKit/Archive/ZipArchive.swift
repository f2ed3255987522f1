import CArchive

/// A libarchive call that failed, with libarchive's own message.
public struct ArchiveError: Error, Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let message: String

    public var description: String { "cannot write archive \(path): \(operation) failed: \(message)" }
}

/// A deterministic zip file written through libarchive, one entry at a time: one fixed
/// timestamp, owner 0, mode 0644, entries in the order added. The same entries in the
/// same order always give the same bytes.
final class ZipWriter {
    let path: String
    private let archive: OpaquePointer
    private let modified: Int

    /// Opens `path` for writing; every entry's timestamp is `modified` (seconds since 1970).
    init(path: String, modified: Int) throws(ArchiveError) {
        guard let archive = archive_write_new() else {
            throw ArchiveError(path: path, operation: "archive_write_new", message: "out of memory")
        }
        self.path = path
        self.archive = archive
        self.modified = modified
        try check(archive_write_set_format_zip(archive), "archive_write_set_format_zip")
        // zlib level 1: archives are for moving files around, and re-zipping 100,000 SVGs
        // at level 6 took most of an incremental build (measured).
        try check(archive_write_set_options(archive, "zip:compression-level=1"), "archive_write_set_options")
        try check(archive_write_open_filename(archive, path), "archive_write_open_filename")
    }

    deinit {
        archive_write_free(archive)
    }

    /// Adds one file; `stored` leaves data that is compressed already (PNG) as it is.
    func add(name: String, contents: [UInt8], stored: Bool) throws(ArchiveError) {
        guard let entry = archive_entry_new() else {
            throw ArchiveError(path: path, operation: "archive_entry_new", message: "out of memory")
        }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, name)
        archive_entry_set_size(entry, la_int64_t(contents.count))
        archive_entry_set_filetype(entry, qrbuild_AE_IFREG())
        archive_entry_set_perm(entry, 0o644)
        archive_entry_set_mtime(entry, time_t(modified), 0)
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        if stored {
            try check(archive_write_zip_set_compression_store(archive), "archive_write_zip_set_compression_store")
        } else {
            try check(archive_write_zip_set_compression_deflate(archive), "archive_write_zip_set_compression_deflate")
        }
        try check(archive_write_header(archive, entry), "archive_write_header (\(name))")
        let written = contents.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
        if written != contents.count { try check(ARCHIVE_FATAL, "archive_write_data (\(name))") }
    }

    /// Writes the central directory and closes the file.
    func close() throws(ArchiveError) {
        try check(archive_write_close(archive), "archive_write_close")
    }

    private func check(_ result: Int32, _ operation: String) throws(ArchiveError) {
        guard result >= ARCHIVE_WARN else {
            let message = archive_error_string(archive).map { String(cString: $0) } ?? "error \(result)"
            throw ArchiveError(path: path, operation: operation, message: message)
        }
    }
}
