import QRBuildKit
import Synchronization

/// The manifest and lockfile as the server reads them: loaded again when either file
/// changes (a `stat` of each per request), so edits made by the CLI, by `git pull` or by
/// hand are seen by the next request.
final class ManifestReader: Sendable {
    let manifestPath: String
    private let lockfilePath: String
    private let cached = Mutex<(stamps: [FileStamp?], query: CodeQuery, positions: [String: Int])?>(nil)

    init(manifestPath: String) {
        self.manifestPath = manifestPath
        lockfilePath = BuildOptions(manifestPath: manifestPath, outputPath: "").lockfilePath
    }

    /// The current manifest and lockfile.
    ///
    /// Complexity: two `stat` calls; O(manifest) when it changed.
    func query() throws(BuildError) -> CodeQuery {
        try current().query
    }

    /// The current manifest, and the code with `id` (ignoring case) if there is one.
    ///
    /// Complexity: O(1) after the load (ids are indexed when the manifest is read).
    func lookup(_ id: String) throws(BuildError) -> (query: CodeQuery, code: Manifest.Code?) {
        let loaded = try current()
        return (loaded.query, loaded.positions[id.lowercased()].map { loaded.query.manifest.codes[$0] })
    }

    private func current() throws(BuildError) -> (query: CodeQuery, positions: [String: Int]) {
        let stamps = [FileStamp(path: manifestPath), FileStamp(path: lockfilePath)]
        if let hit = cached.withLock({ state in state?.stamps == stamps ? state.map { ($0.query, $0.positions) } : nil }) { return hit }
        let query = try CodeQuery(manifestPath: manifestPath)
        var positions: [String: Int] = [:]
        for (index, code) in query.manifest.codes.enumerated() {
            if let key = code.id?.key, positions[key] == nil { positions[key] = index }
        }
        cached.withLock { $0 = (stamps, query, positions) }
        return (query, positions)
    }
}
