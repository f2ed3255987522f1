#if canImport(Glibc)
import Glibc
#endif

/// Immutable bytes that zip members point into: a batch libarchive wrote in memory, or
/// an earlier archive mapped from disk.
///
/// `@unchecked Sendable`: the bytes never change after `init`, and are released only
/// in `deinit`, when no member refers to them any more.
final class ZipBytes: @unchecked Sendable {
    let buffer: UnsafeRawBufferPointer
    private let mapped: Bool

    /// A private copy of `bytes`.
    init(copying bytes: [UInt8]) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        bytes.withUnsafeBytes { storage.copyMemory(from: $0) }
        buffer = UnsafeRawBufferPointer(rebasing: storage[0..<bytes.count])
        mapped = false
    }

    /// The file at `path` mapped read-only, or nil if it cannot be (missing, empty, unreadable).
    init?(mapping path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
        let size = Int(status.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            return nil
        }
        buffer = UnsafeRawBufferPointer(start: address, count: size)
        mapped = true
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: buffer.baseAddress), buffer.count)
        } else {
            buffer.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() }
        }
    }

    var count: Int { buffer.count }
}
