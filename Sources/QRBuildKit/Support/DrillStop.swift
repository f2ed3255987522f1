import Foundation

/// Named moments of a build at which a fault drill can freeze qrbuild, to kill it exactly
/// there: the moments between the steps that must look atomic together, too short to hit
/// with a randomly timed signal. `QRBUILD_DRILL_STOP_AT` lists the moments (comma
/// separated); at each, the process stops itself with SIGSTOP and waits for the drill's
/// SIGKILL or SIGCONT. Unset, each check is one comparison with an empty set.
public enum DrillStop: String, Sendable, CaseIterable {
    /// The staging folder and the pending lockfile are written and flushed.
    case outputWritten = "output-written"
    /// The pending lockfile is recorded in the output's lock file; the exchange is next.
    case beforeSwap = "before-swap"
    /// The folders are exchanged; the lockfile is not yet renamed into place.
    case afterSwap = "after-swap"
    /// The lockfile is in place; the output is not yet sealed.
    case afterLockfile = "after-lockfile"

    private static let requested: Set<String> = Set(
        (ProcessInfo.processInfo.environment["QRBUILD_DRILL_STOP_AT"] ?? "").split(separator: ",").map(String.init))

    /// Stops the process here if the drill asked for this moment.
    public func reach() {
        guard !Self.requested.isEmpty, Self.requested.contains(rawValue) else { return }
        raise(SIGSTOP)
    }
}
