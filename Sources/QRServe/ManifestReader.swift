import QRBuildKit
import Synchronization

/// The manifest and lockfile as the server reads them: loaded again when either file
/// changes (a `stat` of each per request), so edits made by the CLI, by `git pull` or by
/// hand are seen by the next request.
final class ManifestReader: Sendable {
    let manifestPath: String
    private let lockfilePath: String
    private let cached = Mutex<(stamps: [FileStamp?], query: CodeQuery)?>(nil)

    init(manifestPath: String) {
        self.manifestPath = manifestPath
        lockfilePath = BuildOptions(manifestPath: manifestPath, outputPath: "").lockfilePath
    }

    /// The current manifest and lockfile.
    ///
    /// Complexity: two `stat` calls; O(manifest) when it changed.
    func query() throws(BuildError) -> CodeQuery {
        let stamps = [FileStamp(path: manifestPath), FileStamp(path: lockfilePath)]
        if let hit = cached.withLock({ $0?.stamps == stamps ? $0?.query : nil }) { return hit }
        let query = try CodeQuery(manifestPath: manifestPath)
        cached.withLock { $0 = (stamps, query) }
        return query
    }
}
