import ArgumentParser

/// An error the user can act on: one line of text and an exit status.
struct UserFacingError: Error {
    let message: String
    let exitCode: ExitCode

    /// Exit statuses from sysexits(3), so scripts can tell bad input from bad usage.
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let ioError = ExitCode(74)

    static func usage(_ message: String) -> UserFacingError { UserFacingError(message: message, exitCode: usage) }
    static func data(_ message: String) -> UserFacingError { UserFacingError(message: message, exitCode: dataError) }
    static func io(_ message: String) -> UserFacingError { UserFacingError(message: message, exitCode: ioError) }
}
