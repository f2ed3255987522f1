import CArchive

/// A libarchive call that failed, with libarchive's own message.
public struct ArchiveError: Error, Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let message: String

    public var description: String { "cannot write archive \(path): \(operation) failed: \(message)" }
}

/// Makes zip members with libarchive: a batch of files is written as one small zip in
/// memory, then split into members (`ZipDirectory`) that `ZipAssembler` copies into
/// any number of archives. So each file is compressed once, on any core, however many
/// archives list it, and a later build can copy it again from the archive it landed in.
///
/// Every member is deterministic: owner 0, mode 0644, the given timestamp, the same
/// compression settings. The same file always gives the same bytes.
enum ZipMemberWriter {
    /// One file to add.
    struct File: Sendable {
        let name: String
        let contents: [UInt8]
        /// Leave as is: data that is compressed already (PNG).
        let stored: Bool
        /// Seconds since 1970.
        let modified: Int
    }

    /// What decides how members are written besides their files: when it changes, no
    /// member of an earlier archive is reused.
    static let settingsKey: String = {
        let versions = archive_version_details().map { String(cString: $0) } ?? "libarchive"
        return "\(versions)|zip deflate level \(compressionLevel)"
    }()

    /// zlib level 1: archives are for moving files around; measured, higher levels cost
    /// several times the time for a few percent on SVG.
    static let compressionLevel = 1

    /// The members for `files`, in order. `label` names the batch in errors.
    static func members(of files: [File], label: String) throws(ArchiveError) -> [ZipMember] {
        guard !files.isEmpty else { return [] }
        guard let archive = archive_write_new() else {
            throw ArchiveError(path: label, operation: "archive_write_new", message: "out of memory")
        }
        defer { archive_write_free(archive) }
        func check(_ result: Int32, _ operation: String) throws(ArchiveError) {
            guard result >= ARCHIVE_WARN else {
                let message = archive_error_string(archive).map { String(cString: $0) } ?? "error \(result)"
                throw ArchiveError(path: label, operation: operation, message: message)
            }
        }
        let sink = MemorySink(capacity: files.reduce(1024) { $0 + $1.contents.count + 160 })
        try check(archive_write_set_format_zip(archive), "archive_write_set_format_zip")
        try check(archive_write_set_options(archive, "zip:compression-level=\(compressionLevel)"), "archive_write_set_options")
        try check(archive_write_set_bytes_per_block(archive, 0), "archive_write_set_bytes_per_block")
        let opened = archive_write_open2(archive, Unmanaged.passUnretained(sink).toOpaque(), nil, { _, client, buffer, length in
            guard let client, let buffer else { return -1 }
            Unmanaged<MemorySink>.fromOpaque(client).takeUnretainedValue().append(buffer, length)
            return la_ssize_t(length)
        }, nil, nil)
        try check(opened, "archive_write_open2")
        guard let entry = archive_entry_new() else {
            throw ArchiveError(path: label, operation: "archive_entry_new", message: "out of memory")
        }
        defer { archive_entry_free(entry) }
        for file in files {
            archive_entry_clear(entry)
            archive_entry_set_pathname(entry, file.name)
            archive_entry_set_size(entry, la_int64_t(file.contents.count))
            archive_entry_set_filetype(entry, qrbuild_AE_IFREG())
            archive_entry_set_perm(entry, 0o644)
            archive_entry_set_mtime(entry, time_t(file.modified), 0)
            archive_entry_set_uid(entry, 0)
            archive_entry_set_gid(entry, 0)
            if file.stored {
                try check(archive_write_zip_set_compression_store(archive), "archive_write_zip_set_compression_store")
            } else {
                try check(archive_write_zip_set_compression_deflate(archive), "archive_write_zip_set_compression_deflate")
            }
            try check(archive_write_header(archive, entry), "archive_write_header (\(file.name))")
            let written = file.contents.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            if written != file.contents.count { try check(ARCHIVE_FATAL, "archive_write_data (\(file.name))") }
        }
        try check(archive_write_close(archive), "archive_write_close")
        do {
            return try ZipDirectory.members(of: ZipBytes(copying: sink.bytes))
        } catch {
            throw ArchiveError(path: label, operation: "reading back libarchive's output", message: error.reason)
        }
    }
}

/// Collects what libarchive writes.
private final class MemorySink {
    var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    func append(_ buffer: UnsafeRawPointer, _ length: Int) {
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
    }
}
