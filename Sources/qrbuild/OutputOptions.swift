import ArgumentParser
import Foundation
import QRBuildKit

/// `-q/--quiet` and `-v/--verbose`, the same on every command that reports what it did.
struct OutputOptions: ParsableArguments {
    @Flag(name: [.short, .long], help: "Print only errors and the output asked for.")
    var quiet = false

    @Flag(name: [.short, .long], help: "Print more: each step's time, and progress even when not on a terminal.")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot go together") }
        // The build's steps time themselves when this is set.
        if verbose { setenv("QRBUILD_TIMINGS", "1", 1) }
    }

    /// Prints a line that reports what was done, unless `--quiet`; control characters escaped.
    func say(_ line: String) {
        if !quiet { print(TerminalText.printable(line)) }
    }

    /// Whether to show progress: on a terminal, or always with `--verbose`, never with `--quiet`.
    var showsProgress: Bool { !quiet && (verbose || StandardStream.errorIsTerminal) }
}
