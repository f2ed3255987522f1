import Glibc

/// This process's resident memory, from `/proc/self/statm`: what `time -f %M` and the
/// kernel's memory accounting count, mapped file pages included.
enum ResidentMemory {
    /// Resident bytes now, or nil where `/proc` cannot be read.
    ///
    /// Complexity: one small read of a kernel file (a few microseconds).
    static func bytes() -> Int? {
        let descriptor = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = read(descriptor, &buffer, buffer.count)
        guard count > 0 else { return nil }
        // "size resident shared text lib data dt", in pages.
        let fields = buffer[..<count].split(separator: 0x20)
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }
}
