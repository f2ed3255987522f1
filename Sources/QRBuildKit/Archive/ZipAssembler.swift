#if canImport(Glibc)
import Glibc
#endif

/// Writes a zip archive from members (`ZipMember`), copying their bytes as they are and
/// writing the central directory itself: offsets, and zip64 records once the archive
/// has 65,535 entries or passes 4 GiB. The same members in the same order always give
/// the same bytes.
final class ZipAssembler {
    let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var directory: [UInt8] = []
    private var offset = 0
    private var entryCount = 0
    /// Member bytes not copied yet: a range of one source that the last members appended
    /// fill one after another (the members of one batch, or a run of unchanged members of
    /// the last build's archive), copied in one piece instead of one per member.
    private var pendingSource: ZipBytes?
    private var pendingRange = 0..<0
    /// Small enough that a build's twenty-odd archives touch little fresh memory each
    /// (every new page costs a fault), large enough for few writes.
    private static let flushSize = 1 << 17

    /// Creates (or truncates) the archive at `path`. `leadingHole` leaves that many zero
    /// bytes (a sparse hole) before the first member: tests use it to reach zip64 offsets
    /// without writing 4 GiB.
    init(path: String, leadingHole: Int = 0) throws(FileError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .fromErrno("create", path) }
        if leadingHole > 0 {
            guard lseek(descriptor, off_t(leadingHole), SEEK_SET) == off_t(leadingHole) else { throw .fromErrno("seek in", path) }
            offset = leadingHole
        }
        buffer.reserveCapacity(Self.flushSize + 65_536)
    }

    deinit {
        close(descriptor)
    }

    /// Appends one member.
    func append(_ member: ZipMember) throws(FileError) {
        if offset < 0xFFFF_FFFF {
            // The usual case: the record goes straight into the directory, where its offset
            // is filled in, without first copying the record (an allocation per member and archive).
            let start = directory.count
            directory += member.central
            directory.replaceLittleEndian(at: start + 42, UInt64(offset), width: 4)
        } else {
            var record = member.central
            // The offset no longer fits: 0xFFFFFFFF, and the real one in a zip64 field.
            record.replaceLittleEndian(at: 42, 0xFFFF_FFFF, width: 4)
            let nameLength = ZipCentralRecord.nameLength(record)
            let extraLength = ZipCentralRecord.extraLength(record)
            var field: [UInt8] = [0x01, 0x00, 0x08, 0x00]
            field.appendLittleEndian(UInt64(offset), width: 8)
            record.insert(contentsOf: field, at: ZipCentralRecord.fixedLength + nameLength + extraLength)
            record.replaceLittleEndian(at: 30, UInt64(extraLength + field.count), width: 2)
            record.replaceLittleEndian(at: 6, 45, width: 2)  // version needed: 4.5, zip64
            directory += record
        }
        if let source = pendingSource, source === member.source, pendingRange.upperBound == member.local.lowerBound {
            pendingRange = pendingRange.lowerBound..<member.local.upperBound
        } else {
            try emitPending()
            pendingSource = member.source
            pendingRange = member.local
        }
        offset += member.local.count
        entryCount += 1
    }

    /// Moves the pending member bytes on: into the buffer when they are few, else straight
    /// from their source (a mapped archive, mostly) to the file, after the buffer.
    private func emitPending() throws(FileError) {
        guard let source = pendingSource else { return }
        let bytes = UnsafeRawBufferPointer(rebasing: source.buffer[pendingRange])
        pendingSource = nil
        pendingRange = 0..<0
        if bytes.count < Self.flushSize {
            buffer.append(contentsOf: bytes)
            if buffer.count >= Self.flushSize { try flush() }
        } else {
            try flush()
            guard FileDescriptorIO.writeAll(bytes, to: descriptor) else { throw .fromErrno("write", path) }
        }
    }

    /// Writes the central directory and the end records, and closes the file.
    func finish() throws(FileError) {
        try emitPending()
        let directoryStart = offset
        buffer += directory
        offset += directory.count
        let needsZip64 = entryCount >= 0xFFFF || directoryStart >= 0xFFFF_FFFF || directory.count >= 0xFFFF_FFFF
        if needsZip64 {
            let recordOffset = offset
            buffer.appendLittleEndian(0x0606_4B50, width: 4)
            buffer.appendLittleEndian(44, width: 8)  // size of the rest of this record
            buffer.appendLittleEndian(0x032D, width: 2)  // made by: Unix, 4.5
            buffer.appendLittleEndian(45, width: 2)
            buffer.appendLittleEndian(0, width: 4)
            buffer.appendLittleEndian(0, width: 4)
            buffer.appendLittleEndian(UInt64(entryCount), width: 8)
            buffer.appendLittleEndian(UInt64(entryCount), width: 8)
            buffer.appendLittleEndian(UInt64(directory.count), width: 8)
            buffer.appendLittleEndian(UInt64(directoryStart), width: 8)
            buffer.appendLittleEndian(0x0706_4B50, width: 4)
            buffer.appendLittleEndian(0, width: 4)
            buffer.appendLittleEndian(UInt64(recordOffset), width: 8)
            buffer.appendLittleEndian(1, width: 4)
        }
        buffer.appendLittleEndian(0x0605_4B50, width: 4)
        buffer.appendLittleEndian(0, width: 4)  // this disk, the directory's disk
        buffer.appendLittleEndian(UInt64(min(entryCount, 0xFFFF)), width: 2)
        buffer.appendLittleEndian(UInt64(min(entryCount, 0xFFFF)), width: 2)
        buffer.appendLittleEndian(UInt64(min(directory.count, 0xFFFF_FFFF)), width: 4)
        buffer.appendLittleEndian(UInt64(min(directoryStart, 0xFFFF_FFFF)), width: 4)
        buffer.appendLittleEndian(0, width: 2)  // no comment
        try flush()
    }

    private func flush() throws(FileError) {
        guard FileDescriptorIO.writeAll(buffer, to: descriptor) else { throw .fromErrno("write", path) }
        buffer.removeAll(keepingCapacity: true)
    }
}
