#if canImport(Glibc)
import Glibc
#endif
import QRBuildKit

/// Raw writes to the standard streams: binary-safe, no buffering surprises.
enum StandardStream {
    static func writeError(_ text: String) { _ = FileDescriptorIO.writeAll(Array(text.utf8), to: STDERR_FILENO) }

    /// `qrbuild: warning: <text>` on one line, control characters in `text` escaped.
    static func warn(_ text: String) { writeError("qrbuild: warning: \(TerminalText.printable(text))\n") }

    /// Writes `bytes` to standard output; `false` if the write failed (a closed pipe, a full disk).
    @discardableResult
    static func writeOutput(_ bytes: [UInt8]) -> Bool { FileDescriptorIO.writeAll(bytes, to: STDOUT_FILENO) }

    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// All of standard input, byte for byte.
    static func readInput() -> [UInt8]? { FileDescriptorIO.readAll(from: STDIN_FILENO) }
}
