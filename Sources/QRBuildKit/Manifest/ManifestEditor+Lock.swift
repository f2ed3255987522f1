import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension ManifestEditor {
    /// The lock every edit of the manifest at `path` takes: `.qrbuild/manifest.lock` in its
    /// folder (the folder git ignores).
    public static func lockPath(forManifest path: String) -> String {
        PathName.parent(of: path) + "/.qrbuild/manifest.lock"
    }

    /// Loads the manifest under its edit lock, lets `change` edit it, saves it atomically
    /// and lets the lock go: `qrbuild add` in a shell and a write through `qrbuild serve`
    /// each see the other's change, never overwrite it. Nothing is saved when `change` throws.
    ///
    /// Complexity: O(manifest) to load and save, plus the edit.
    /// `afterSave` runs once the edit is saved, still under the lock (`serve --git-commit`
    /// commits there, so commits come in the order of the edits).
    public static func edit<Result>(path: String, afterSave: (Result) -> Void = { _ in },
                                    _ change: (inout ManifestEditor) throws(BuildError) -> Result) throws(BuildError) -> Result {
        try edit(path: path, load: { () throws(BuildError) in try ManifestEditor(path: path) }, afterSave: afterSave, change).result
    }

    /// `edit` with the manifest from `load`, called under the lock (a server hands back the
    /// editor it kept when the file has not changed since: one decode per edit, not two);
    /// returns the saved editor too.
    public static func edit<Result>(path: String, load: () throws(BuildError) -> ManifestEditor, afterSave: (Result) -> Void = { _ in },
                                    _ change: (inout ManifestEditor) throws(BuildError) -> Result) throws(BuildError) -> (result: Result, editor: ManifestEditor) {
        let lock = try ManifestLock(path: lockPath(forManifest: path))
        defer { lock.release() }
        var editor = try load()
        let result = try change(&editor)
        try editor.save()
        afterSave(result)
        return (result, editor)
    }
}

/// An exclusive `flock` on a lock file, held until `release`.
struct ManifestLock {
    private let descriptor: Int32

    init(path: String) throws(BuildError) {
        try? FileManager.default.createDirectory(atPath: PathName.parent(of: path), withIntermediateDirectories: true)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw .io("cannot open the manifest's lock \(path): \(String(cString: strerror(errno)))") }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .io("cannot lock \(path): \(reason)")
            }
        }
    }

    func release() {
        close(descriptor)
    }
}
