import Foundation

/// Runs another program to its end and collects what it printed: `git` for `qrbuild diff`,
/// `nginx` for `qrbuild doctor`.
public enum Subprocess {
    public struct Outcome: Sendable {
        /// The exit status; -1 when the program could not be started.
        public let status: Int32
        public let output: [UInt8]
        public let error: String

        public var outputText: String { String(decoding: output, as: UTF8.self) }
    }

    /// Runs `executable` (a path) with `arguments`, standard input empty.
    public static func run(_ executable: String, _ arguments: [String]) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return Outcome(status: -1, output: [], error: "\(error)")
        }
        // Read before waiting: a large output would fill the pipe and block the program.
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        let message = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: Array(bytes), error: String(decoding: message, as: UTF8.self))
    }
}
