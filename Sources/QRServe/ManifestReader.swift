import QRLock
import Foundation
import QRBuildKit
import Synchronization

/// The manifest and lockfile as the server reads them: loaded again when either file
/// changes (a `stat` of each per request), so edits made by the CLI, by `git pull` or by
/// hand are seen by the next request. Edits made through the server are taken in without
/// reading the files again.
final class ManifestReader: Sendable {
    let manifestPath: String
    private let lockfilePath: String

    private struct Loaded: @unchecked Sendable {
        // @unchecked: `ManifestEditor` holds the manifest's bytes and parsed document, values
        // never changed after they are stored here (an edit works on its own copy).
        var stamps: [FileStamp?]
        var query: CodeQuery
        var positions: [String: Int]
        /// The manifest as an editor, for the next edit while the file stays as it is.
        var editor: ManifestEditor?
    }

    private let cached = Locked<Loaded?>(nil)
    /// When the files were last checked (nanoseconds of the monotonic clock): at most every
    /// 200 ms, so an edit by hand or `git pull` is seen well within a second while a busy
    /// server does not `stat` twice per request.
    private let checked = Atomic<UInt64>(0)
    private static let checkInterval: UInt64 = 200_000_000

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
    func lookup(_ id: String, fresh: Bool = false) throws(BuildError) -> (query: CodeQuery, code: Manifest.Code?) {
        let loaded = try current(fresh: fresh)
        return (loaded.query, loaded.positions[id.lowercased()].map { loaded.query.manifest.codes[$0] })
    }

    /// Edits the manifest under the CLI's lock (see `ManifestEditor.edit`), starting from the
    /// kept editor when the file is as it was read, and keeps the result as the current state.
    func edit<Result>(afterSave: (Result) -> Void, _ change: (inout ManifestEditor) throws(BuildError) -> Result) throws(BuildError) -> (result: Result, query: CodeQuery) {
        let path = manifestPath
        let edited = try ManifestEditor.edit(path: path, load: { () throws(BuildError) -> ManifestEditor in
            let stamp = FileStamp(path: path)
            if let kept = cached.withLock({ state in state?.stamps.first == stamp ? state?.editor : nil }) { return kept }
            return try ManifestEditor(path: path)
        }, afterSave: afterSave, change)
        let lockStamp = FileStamp(path: lockfilePath)
        let keptLockfile = cached.withLock { state in state?.stamps.last == lockStamp ? state?.query.lockfile : nil }
        let lockfile: Lockfile
        if let keptLockfile {
            lockfile = keptLockfile
        } else {
            do {
                lockfile = try Lockfile.load(from: lockfilePath)
            } catch {
                throw .invalidManifest(error)
            }
        }
        let query = CodeQuery(manifest: edited.editor.manifest, lockfile: lockfile)
        let loaded = Loaded(stamps: [FileStamp(path: path), lockStamp], query: query, positions: Self.positions(query), editor: edited.editor)
        cached.withLock { $0 = loaded }
        return (edited.result, query)
    }

    /// `fresh`: check the files whenever it was (writes act on the manifest as it is now).
    private func current(fresh: Bool = false) throws(BuildError) -> Loaded {
        let now = DispatchTime.now().uptimeNanoseconds
        if !fresh, now &- checked.load(ordering: .relaxed) < Self.checkInterval, let hit = cached.withLock({ $0 }) { return hit }
        checked.store(now, ordering: .relaxed)
        let stamps = [FileStamp(path: manifestPath), FileStamp(path: lockfilePath)]
        if let hit = cached.withLock({ state in state?.stamps == stamps ? state : nil }) { return hit }
        let query = try CodeQuery(manifestPath: manifestPath)
        let loaded = Loaded(stamps: stamps, query: query, positions: Self.positions(query), editor: nil)
        cached.withLock { $0 = loaded }
        return loaded
    }

    private static func positions(_ query: CodeQuery) -> [String: Int] {
        var positions: [String: Int] = [:]
        for (index, code) in query.manifest.codes.enumerated() {
            if let key = code.id?.key, positions[key] == nil { positions[key] = index }
        }
        return positions
    }
}
