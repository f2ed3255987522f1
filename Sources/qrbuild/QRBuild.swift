import ArgumentParser
import Foundation
import QRBuildKit
#if QRBUILD_X86_64_V2
import CLinux
#endif
#if canImport(Glibc)
import Glibc
#endif

@main
struct QRBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qrbuild",
        abstract: "QR codes as code: render, build and serve QR codes from a JSON manifest.",
        version: "0.1.0",
        subcommands: [Init.self, Build.self, Nginx.self, Validate.self, Diff.self, Add.self, List.self, Show.self, SetDestination.self, Encrypt.self, Activate.self, Deactivate.self, Rules.self, Image.self, Render.self, Schema.self, Ingest.self, Analytics.self, Doctor.self, Site.self, Serve.self, Keys.self, CodewordMapCommand.self, AgentFamiliesCommand.self]
    )

    /// Runs the command; every failure is one line on stderr and a non-zero exit code.
    ///
    /// ArgumentParser would print the usage text after a parse error; a script reading
    /// stderr wants just the reason, and `--help` gives the rest.
    static func main() {
        #if QRBUILD_X86_64_V2
        // The libraries were built for x86-64-v2; this file was not, so it can still speak.
        if qrbuild_cpu_runs_x86_64_v2() == 0 {
            fail("this qrbuild was built for x86-64-v2 processors (SSE4.2, POPCNT), and this processor "
                 + "(or emulator) lacks them: rebuild it with `QRBUILD_PORTABLE=1 swift build -c release`", code: .failure)
        }
        #endif
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as UserFacingError {
            fail(error.message, code: error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // --help and --version print as usual
            }
            fail(Self.oneLine(message(for: error)), code: code)
        }
    }

    /// ArgumentParser's message as one line: its lists of choices (a line per value, from
    /// five on) are joined after the sentence that asks for one.
    private static func oneLine(_ message: String) -> String {
        var lines: [String] = []
        for line in message.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- "), let last = lines.popLast() {
                lines.append(last + (last.hasSuffix(":") ? " " : ", ") + trimmed.dropFirst(2))
            } else {
                lines.append(String(line))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Prints each line of `message` as its own `qrbuild: error:` line and exits; control
    /// characters inside a line (from a manifest, a path, an option) are shown escaped.
    private static func fail(_ message: String, code: ExitCode) -> Never {
        let lines = message.split(separator: "\n").map(String.init)
        for line in lines.isEmpty ? ["failed"] : lines {
            StandardStream.writeError("qrbuild: error: \(TerminalText.printable(line))\n")
        }
        Self.exit(withError: code)
    }
}
