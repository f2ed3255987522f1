import CArchive

/// A libarchive call that failed, with libarchive's own message.
public struct ArchiveError: Error, Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let message: String

    public var description: String { "cannot write archive \(path): \(operation) failed: \(message)" }
}

/// Deterministic zip files through libarchive: entries sorted by name, one fixed
/// timestamp, owner 0, mode 0644. The same entries always give the same bytes.
enum ZipArchive {
    struct Entry {
        let name: String
        let contents: [UInt8]
    }

    /// Writes `entries` to `path` with every timestamp set to `modified` (seconds since 1970).
    static func write(_ entries: [Entry], modified: Int, to path: String) throws(ArchiveError) {
        guard let archive = archive_write_new() else {
            throw ArchiveError(path: path, operation: "archive_write_new", message: "out of memory")
        }
        defer { archive_write_free(archive) }
        func check(_ result: Int32, _ operation: String) throws(ArchiveError) {
            guard result >= ARCHIVE_WARN else {
                let message = archive_error_string(archive).map { String(cString: $0) } ?? "error \(result)"
                throw ArchiveError(path: path, operation: operation, message: message)
            }
        }
        try check(archive_write_set_format_zip(archive), "archive_write_set_format_zip")
        try check(archive_write_open_filename(archive, path), "archive_write_open_filename")
        for item in entries.sorted(by: { $0.name < $1.name }) {
            guard let entry = archive_entry_new() else {
                throw ArchiveError(path: path, operation: "archive_entry_new", message: "out of memory")
            }
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname(entry, item.name)
            archive_entry_set_size(entry, la_int64_t(item.contents.count))
            archive_entry_set_filetype(entry, qrbuild_AE_IFREG())
            archive_entry_set_perm(entry, 0o644)
            archive_entry_set_mtime(entry, time_t(modified), 0)
            archive_entry_set_uid(entry, 0)
            archive_entry_set_gid(entry, 0)
            try check(archive_write_header(archive, entry), "archive_write_header (\(item.name))")
            let written = item.contents.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            guard written == item.contents.count else {
                try check(Int32(ARCHIVE_FATAL), "archive_write_data (\(item.name))")
                return
            }
        }
        try check(archive_write_close(archive), "archive_write_close")
    }
}
