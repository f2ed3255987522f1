import CArchive
import Foundation

/// Why a log could not be read.
public struct LogReadError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { "cannot read the log \(path): \(message)" }
}

/// A log file's lines as blocks of whole lines, plain or compressed (gzip, bzip2, xz,
/// zstd, … whatever libarchive's filters read, recognised by content, not by name).
/// Offsets count bytes of the uncompressed text, so a log keeps its place when
/// logrotate compresses it.
final class LogSource {
    let path: String
    let compressed: Bool
    private var descriptor: Int32 = -1
    private var archive: OpaquePointer?
    /// Uncompressed bytes handed out or skipped so far.
    private(set) var position = 0
    /// Where the next `pread` of a plain file starts (past what `pending` holds).
    private var readOffset = 0
    private var pending: [UInt8] = []
    /// A block handed back by `recycle`, to hold the next `pending`: two buffers take
    /// turns instead of a fresh allocation (and its page faults) per block.
    private var spare: [UInt8] = []
    private var ended = false
    /// Longer "lines" are cut here: a log with no newline for 16 MiB is junk, not a line.
    static let longestLine = 16 << 20

    init(path: String) throws(LogReadError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw LogReadError(path: path, message: String(cString: strerror(errno))) }
        var magic = [UInt8](repeating: 0, count: 6)
        let count = pread(descriptor, &magic, 6, 0)
        let prefixes: [[UInt8]] = [[0x1F, 0x8B], [0x42, 0x5A, 0x68], [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00],
                                   [0x28, 0xB5, 0x2F, 0xFD], [0x04, 0x22, 0x4D, 0x18], [0x5D, 0x00, 0x00]]
        compressed = count > 0 && prefixes.contains { Array(magic.prefix(count)).starts(with: $0) }
        if compressed {
            guard let reader = archive_read_new() else { throw LogReadError(path: path, message: "out of memory") }
            archive = reader
            archive_read_support_filter_all(reader)
            archive_read_support_format_raw(reader)
            guard archive_read_open_fd(reader, descriptor, 1 << 20) == ARCHIVE_OK else { throw failure("open") }
            let entry = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
            defer { entry.deallocate() }
            guard archive_read_next_header(reader, entry) == ARCHIVE_OK else { throw failure("read the header") }
        }
    }

    deinit {
        if let archive { archive_read_free(archive) }
        if descriptor >= 0 { close(descriptor) }
    }

    private func failure(_ operation: String) -> LogReadError {
        let message = archive.flatMap { archive_error_string($0) }.map { String(cString: $0) } ?? "unknown error"
        return LogReadError(path: path, message: "\(operation): \(message)")
    }

    /// Up to `limit` raw bytes from the current position (fewer at the end of the data).
    private func readRaw(_ limit: Int) throws(LogReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        try readRaw(limit, appendingTo: &bytes)
        return bytes
    }

    /// Appends up to `limit` raw bytes to `bytes`, read straight into its storage.
    private func readRaw(_ limit: Int, appendingTo bytes: inout [UInt8]) throws(LogReadError) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: limit))
        var filled = 0
        while filled < limit {
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                let target = base + start + filled
                if let archive { return archive_read_data(archive, target, limit - filled) }
                return pread(descriptor, target, limit - filled, off_t(readOffset + filled))
            }
            if count < 0 {
                if archive == nil, errno == EINTR { continue }
                bytes.removeSubrange((start + filled)...)
                throw archive == nil ? LogReadError(path: path, message: String(cString: strerror(errno))) : failure("decompress")
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange((start + filled)...)
        readOffset += filled
    }

    /// The first `count` uncompressed bytes (fewer if the log is shorter), for recognising
    /// the log again later; only before anything else is read.
    func prefix(_ count: Int) throws(LogReadError) -> [UInt8] {
        precondition(position == 0 && pending.isEmpty, "prefix(_:) reads from the start")
        let bytes = try readRaw(count)
        if archive != nil {
            pending = bytes  // a compressed stream cannot seek back
        } else {
            readOffset = 0
        }
        return bytes
    }

    /// Moves past the first `offset` uncompressed bytes (read and dropped when compressed).
    func skip(to offset: Int) throws(LogReadError) {
        if archive == nil {
            position = offset
            readOffset = offset
            return
        }
        var remaining = offset - position
        if !pending.isEmpty {
            let dropped = min(remaining, pending.count)
            pending.removeFirst(dropped)
            remaining -= dropped
            position += dropped
        }
        while remaining > 0 {
            let chunk = try readRaw(min(remaining, 1 << 22))
            guard !chunk.isEmpty else { break }
            remaining -= chunk.count
            position += chunk.count
        }
    }

    /// Takes back a block from `nextBlock` once it is no longer needed, leaving `block` empty.
    func recycle(_ block: inout [UInt8]) {
        swap(&spare, &block)
        block = []
    }

    /// The next block of whole lines, about `size` bytes, ending with a newline; nil at the
    /// end. A last line without a newline is returned only when `takeUnfinished` is set
    /// (a compressed log is finished; a live log may still be half-way through a line).
    func nextBlock(size: Int, takeUnfinished: Bool) throws(LogReadError) -> [UInt8]? {
        while true {
            if !ended, pending.count < size {
                let before = pending.count
                // Exactly what is needed: appending would double the capacity, and keep it.
                pending.reserveCapacity(before + size)
                try readRaw(size, appendingTo: &pending)
                if pending.count == before { ended = true }
            }
            if let lastNewline = pending.lastIndex(of: 0x0A) {
                // The block takes the buffer; only the unfinished tail is copied, into the spare.
                var block: [UInt8] = []
                swap(&block, &spare)
                block.removeAll(keepingCapacity: true)
                block.append(contentsOf: pending[(lastNewline + 1)...])
                swap(&block, &pending)
                block.removeSubrange((lastNewline + 1)...)
                position += block.count
                return block
            }
            if ended {
                guard takeUnfinished, !pending.isEmpty else { return nil }
                var block: [UInt8] = []
                swap(&block, &pending)
                position += block.count
                block.append(0x0A)
                return block
            }
            if pending.count >= Self.longestLine {
                // No newline in 16 MiB: hand it out as one (malformed) line rather than grow.
                var block: [UInt8] = []
                swap(&block, &pending)
                position += block.count
                block.append(0x0A)
                return block
            }
            // A line longer than the block: keep reading until it ends.
        }
    }
}
