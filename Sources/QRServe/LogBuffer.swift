import Foundation
import QRLock
#if canImport(Glibc)
import Glibc
#endif

/// Lines for standard output, gathered and written a few times a second instead of one
/// write per request (a write per request was a tenth of the server's time).
public final class LogBuffer: Sendable {
    private let pending = Locked<[UInt8]>([])
    private let descriptor: Int32

    public init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
    }

    /// Adds `line` (without its newline); writes at once past 64 KiB.
    public func append(_ line: String) {
        let full = pending.withLock { bytes -> Bool in
            bytes.append(contentsOf: line.utf8)
            bytes.append(0x0A)
            return bytes.count >= 1 << 16
        }
        if full { flush() }
    }

    /// Writes what is gathered.
    public func flush() {
        let bytes = pending.withLock { bytes -> [UInt8] in
            defer { bytes.removeAll(keepingCapacity: true) }
            return bytes
        }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            written += count
        }
    }
}
