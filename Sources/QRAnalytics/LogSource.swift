import CArchive
import CLinux
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
    /// The size of a plain log when it was opened; nil for a compressed one.
    private(set) var plainSize: Int?
    /// Where the next `pread` of a plain file starts (past what `pending` holds).
    private var readOffset = 0
    private var pending: [UInt8] = []
    /// A block handed back by `recycle`, to hold the next `pending`: two buffers take
    /// turns instead of a fresh allocation (and its page faults) per block.
    private var spare: [UInt8] = []
    private var ended = false
    /// Why a compressed log's data ended early, if it did: the reader's own words.
    private(set) var damage: String?
    /// Set when reading resumes inside a line an earlier run cut as overlong (and counted):
    /// the rest of it, up to its newline, is dropped before the next line.
    private var insideCutLine = false
    /// Lines this long or longer are cut, counted as one malformed line and read past
    /// without being kept: a log with no newline for 16 MiB is junk, not a line.
    static let defaultLongestLine = 16 << 20
    let longestLine: Int
    /// Zeros to make room for a read with, copied in pieces this size: small enough to
    /// stay in the processor's cache, so a copy costs about what a memset would.
    private static let zeros = [UInt8](repeating: 0, count: 1 << 16)

    init(path: String, longestLine: Int = LogSource.defaultLongestLine) throws(LogReadError) {
        self.path = path
        self.longestLine = longestLine
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw LogReadError(path: path, message: String(cString: strerror(errno))) }
        var magic = [UInt8](repeating: 0, count: 6)
        let count = pread(descriptor, &magic, 6, 0)
        let prefixes: [[UInt8]] = [[0x1F, 0x8B], [0x42, 0x5A, 0x68], [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00],
                                   [0x28, 0xB5, 0x2F, 0xFD], [0x04, 0x22, 0x4D, 0x18], [0x5D, 0x00, 0x00]]
        compressed = count > 0 && prefixes.contains { Array(magic.prefix(count)).starts(with: $0) }
        var status = stat()
        if !compressed, fstat(descriptor, &status) == 0 { plainSize = Int(status.st_size) }
        if compressed {
            guard let reader = archive_read_new() else { throw LogReadError(path: path, message: "out of memory") }
            archive = reader
            archive_read_support_filter_all(reader)
            archive_read_support_format_raw(reader)
            // An empty log compressed (logrotate without notifempty) holds no data at all.
            archive_read_support_format_empty(reader)
            guard archive_read_open_fd(reader, descriptor, 1 << 20) == ARCHIVE_OK else {
                stopDamaged("open")
                return
            }
            // Too little of the stream for libarchive to know it: it would hand out the
            // compressed bytes as they are.
            guard archive_filter_code(reader, 0) != ARCHIVE_FILTER_NONE else {
                damage = "open: the compressed data is cut short or corrupt"
                ended = true
                return
            }
            let entry = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
            defer { entry.deallocate() }
            switch archive_read_next_header(reader, entry) {
            case ARCHIVE_OK: break
            case ARCHIVE_EOF: ended = true
            default: stopDamaged("read the header")
            }
        }
    }

    deinit {
        if let archive { archive_read_free(archive) }
        if descriptor >= 0 { close(descriptor) }
    }

    /// Ends the data where a compressed stream cannot be read on (cut short, or corrupt).
    /// What came before it is read as usual but for its unfinished last line: logrotate
    /// may still be writing the file, and a later run resumes where this one stopped.
    private func stopDamaged(_ operation: String) {
        let message = archive.flatMap { archive_error_string($0) }.map { String(cString: $0) } ?? "unknown error"
        damage = "\(operation): \(message)"
        ended = true
    }

    /// Up to `limit` raw bytes from the current position (fewer at the end of the data).
    private func readRaw(_ limit: Int) throws(LogReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        try readRaw(limit, appendingTo: &bytes)
        return bytes
    }

    /// Appends up to `limit` raw bytes to `bytes`, read straight into its storage.
    private func readRaw(_ limit: Int, appendingTo bytes: inout [UInt8]) throws(LogReadError) {
        // A compressed stream at its end (or an empty one) has no data to ask libarchive for.
        if archive != nil, ended { return }
        let start = bytes.count
        // Exactly what is needed: appending would double the capacity, and keep it.
        bytes.reserveCapacity(start + limit)
        // Room to read into, made by copying zeros: a copy from a contiguous array is a
        // memcpy in any build, where appending `repeatElement` went byte by byte in debug.
        while bytes.count < start + limit {
            bytes.append(contentsOf: Self.zeros.prefix(start + limit - bytes.count))
        }
        var filled = 0
        while filled < limit {
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                let target = base + start + filled
                if let archive { return archive_read_data(archive, target, limit - filled) }
                return pread(descriptor, target, limit - filled, off_t(readOffset + filled))
            }
            if count < 0 {
                if archive != nil {
                    stopDamaged("decompress")
                    break
                }
                if errno == EINTR { continue }
                bytes.removeSubrange((start + filled)...)
                throw LogReadError(path: path, message: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange((start + filled)...)
        readOffset += filled
    }

    /// The first `count` uncompressed bytes (fewer if the log is shorter), for recognising
    /// the log again later; only before anything else is read. A compressed log keeps them
    /// as its first block, so `count` stays under half of `longestLine`, as blocks do.
    func prefix(_ count: Int) throws(LogReadError) -> [UInt8] {
        precondition(position == 0 && pending.isEmpty, "prefix(_:) reads from the start")
        precondition(count <= longestLine / 2, "a prefix longer than a block")
        let bytes = try readRaw(count)
        if archive != nil {
            pending = bytes  // a compressed stream cannot seek back
        } else {
            readOffset = 0
        }
        return bytes
    }

    /// Moves past the first `offset` uncompressed bytes (read and dropped when compressed).
    /// An offset falls inside a line only where an earlier run took a line cut off by the
    /// end of the data (an overlong one, or a compressed log's last); the rest of that
    /// line, if the log has grown since, was counted with it and is dropped too.
    func skip(to offset: Int) throws(LogReadError) {
        guard offset > 0 else { return }
        var byteBefore: UInt8?
        if archive == nil {
            readOffset = offset - 1
            byteBefore = try readRaw(1).first
            position = offset
            readOffset = offset
        } else {
            var remaining = offset - position
            if !pending.isEmpty {
                let dropped = min(remaining, pending.count)
                byteBefore = pending[dropped - 1]
                pending.removeFirst(dropped)
                remaining -= dropped
                position += dropped
            }
            while remaining > 0 {
                let chunk = try readRaw(min(remaining, 1 << 22))
                guard let last = chunk.last else { break }
                byteBefore = last
                remaining -= chunk.count
                position += chunk.count
            }
        }
        insideCutLine = byteBefore.map { $0 != 0x0A } ?? false
    }

    /// Takes back a block from `nextBlock` once it is no longer needed, leaving `block` empty.
    func recycle(_ block: inout [UInt8]) {
        swap(&spare, &block)
        block = []
    }

    /// The next piece of the log: a block of whole lines, about `size` bytes, ending with a
    /// newline, or one line too long to read; nil at the end. A last line without a newline
    /// is returned only when `takeUnfinished` is set (a compressed log is finished; a live
    /// log may still be half-way through a line), or when it is already too long to be one.
    ///
    /// Every pass of the loop reads more, hands something out or reaches the end, so it
    /// finishes on any input; memory stays under `longestLine` plus a block.
    ///
    /// Complexity: O(n) in the bytes read, plus O(`longestLine`²/`size`) for a line
    /// longer than a block.
    func nextBlock(size requestedSize: Int, takeUnfinished: Bool) throws(LogReadError) -> LogChunk? {
        // At most half the longest line: a block read on top of an unfinished line then
        // stays under `longestLine`, so every line of `longestLine` bytes or more is cut.
        let size = max(1, min(requestedSize, longestLine / 2))
        if insideCutLine {
            // Resumed inside a line that an earlier run cut and counted: drop the rest of it.
            _ = try discardThroughNewline(chunkSize: size)
        }
        while true {
            if !ended, pending.count < size { try fill(size) }
            if let lastNewline = Self.lastNewline(in: pending) {
                // The block takes the buffer; only the unfinished tail is copied, into the spare.
                var block: [UInt8] = []
                swap(&block, &spare)
                block.removeAll(keepingCapacity: true)
                block.append(contentsOf: pending[(lastNewline + 1)...])
                swap(&block, &pending)
                block.removeSubrange((lastNewline + 1)...)
                position += block.count
                return .lines(block)
            }
            if pending.count >= longestLine {
                return .overlongLine(try cutOverlongLine(chunkSize: size))
            }
            if ended {
                guard takeUnfinished, damage == nil, !pending.isEmpty else { return nil }
                var block: [UInt8] = []
                swap(&block, &pending)
                position += block.count
                block.append(0x0A)
                return .lines(block)
            }
            // A line longer than the block: read on until it ends or reaches `longestLine`.
            try fill(min(size, longestLine - pending.count))
        }
    }

    /// Appends up to `count` bytes to `pending`; notes the end of the data when none came.
    private func fill(_ count: Int) throws(LogReadError) {
        let before = pending.count
        try readRaw(count, appendingTo: &pending)
        if pending.count == before { ended = true }
    }

    /// Hands out the line that fills `pending` without a newline as an excerpt and a
    /// length, and reads past the rest of it without keeping it.
    private func cutOverlongLine(chunkSize: Int) throws(LogReadError) -> OverlongLine {
        let excerpt = Array(pending.prefix(OverlongLine.excerptLength))
        var length = pending.count
        position += pending.count
        // Give the line's memory back: the next blocks start small again.
        pending = []
        spare = []
        if !ended { length += try discardThroughNewline(chunkSize: chunkSize) }
        return OverlongLine(excerpt: excerpt, length: length)
    }

    /// Reads and drops bytes up to and including the next newline, keeping what follows
    /// it in `pending`; returns how many bytes before the newline were dropped. Stops at
    /// the end of the data, and a later run that resumes there drops the rest of the line.
    private func discardThroughNewline(chunkSize: Int) throws(LogReadError) -> Int {
        insideCutLine = false
        if let newline = Self.firstNewline(in: pending) {
            pending.removeFirst(newline + 1)
            position += newline + 1
            return newline
        }
        var dropped = pending.count
        position += pending.count
        pending.removeAll()
        var chunk: [UInt8] = []
        while true {
            chunk.removeAll(keepingCapacity: true)
            try readRaw(chunkSize, appendingTo: &chunk)
            guard !chunk.isEmpty else {
                ended = true
                return dropped
            }
            if let newline = Self.firstNewline(in: chunk) {
                pending.append(contentsOf: chunk[(newline + 1)...])
                position += newline + 1
                return dropped + newline
            }
            dropped += chunk.count
            position += chunk.count
        }
    }

    /// The index of the last newline in `bytes` (memrchr: vectorised, and a log line can
    /// be megabytes long).
    private static func lastNewline(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, let found = memrchr(base, 0x0A, buffer.count) else { return nil }
            return UnsafeRawPointer(found) - base
        }
    }

    /// The index of the first newline in `bytes`.
    private static func firstNewline(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, let found = memchr(base, 0x0A, buffer.count) else { return nil }
            return UnsafeRawPointer(found) - base
        }
    }
}
