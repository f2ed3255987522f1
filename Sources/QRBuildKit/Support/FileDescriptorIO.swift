#if canImport(Glibc)
import Glibc
#endif

/// Whole-buffer reads and writes on a file descriptor, retrying short transfers and EINTR.
public enum FileDescriptorIO {
    /// Writes every byte; `false` (with `errno` set) if the descriptor refuses.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { writeAll($0, to: descriptor) }
    }

    /// Writes every byte of `bytes`; `false` (with `errno` set) if the descriptor refuses.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Everything up to end of file, or `nil` (with `errno` set) on a read error.
    public static func readAll(from descriptor: Int32) -> [UInt8]? {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return result }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            result.append(contentsOf: chunk[0..<count])
        }
    }
}
