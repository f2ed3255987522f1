/// Why a build (or an edit) failed, in the classes the exit codes distinguish.
public enum BuildError: Error, CustomStringConvertible {
    /// The manifest or lockfile is malformed or invalid.
    case invalidManifest(ManifestErrors)
    /// The API's 409: a published id dropped or reused, a reprint, a locked destination.
    case conflicts([String])
    /// Reading or writing files failed.
    case io(String)
    /// Codes whose style cannot be printed: a logo too large for the error correction, or
    /// (with `--verify`) an image zbar does not read back.
    case unprintable([String])

    public var description: String {
        switch self {
        case .invalidManifest(let errors): errors.description
        case .conflicts(let conflicts): conflicts.map { "conflict: \($0)" }.joined(separator: "\n")
        case .io(let message): message
        case .unprintable(let problems): problems.joined(separator: "\n")
        }
    }
}
