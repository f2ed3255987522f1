import ArgumentParser
import QRBuildKit

/// An error the user can act on: one line of text and an exit status.
struct UserFacingError: Error {
    let message: String
    let exitCode: ExitCode

    /// Exit statuses from sysexits(3), so scripts can tell bad input from bad usage.
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    /// No input: the manifest could not be found.
    static let noInput = ExitCode(66)
    static let ioError = ExitCode(74)
    /// The hosted API's 409: a published id dropped or reused, a reprint, a locked destination.
    static let conflict = ExitCode(75)

    static func usage(_ message: String) -> UserFacingError { UserFacingError(message: message, exitCode: usage) }
    static func data(_ message: String) -> UserFacingError { UserFacingError(message: message, exitCode: dataError) }
    static func io(_ message: String) -> UserFacingError { UserFacingError(message: message, exitCode: ioError) }
    static func conflict(_ message: String) -> UserFacingError { UserFacingError(message: message, exitCode: conflict) }

    /// The exit status for a build or edit failure.
    static func from(_ error: BuildError) -> UserFacingError {
        switch error {
        case .invalidManifest, .unprintable: data(error.description)
        case .conflicts: conflict(error.description)
        case .io: io(error.description)
        }
    }
}

extension UserFacingError: CustomStringConvertible {
    var description: String { message }
}
