import Foundation

extension ManifestDiff {
    /// What the working manifest is compared with.
    public enum Base: Sendable {
        /// The manifest at a git revision (`HEAD`, `origin/main`, a commit).
        case revision(String)
        /// Another manifest file.
        case file(String)
    }

    /// The diff between the manifest at `manifestPath` and `base`, with the lockfile
    /// beside it telling which removed ids were published. A manifest that did not exist at
    /// the revision compares as empty: every code is added.
    ///
    /// Complexity: O(n), both manifests decoded at once on two cores.
    public static func make(manifestPath: String, base: Base) throws(BuildError) -> ManifestDiff {
        let name = PathName.name(of: manifestPath)
        let loaded: (Manifest, Manifest?)
        do {
            loaded = try Concurrently.run({ () throws(BuildError) -> Manifest in
                try Builder.loadManifest(atPath: manifestPath)
            }, { () throws(BuildError) -> Manifest? in
                try baseManifest(base, name: name, folder: PathName.parent(of: manifestPath))
            })
        } catch let error as BuildError {
            throw error
        } catch {
            throw .io("\(error)")
        }
        let (head, old) = loaded
        let lockfile: Lockfile
        do {
            lockfile = try Lockfile.load(from: PathName.parent(of: manifestPath) + "/" + Lockfile.fileName)
        } catch {
            throw .invalidManifest(error)
        }
        return ManifestDiff(base: old, head: head, lockfile: lockfile)
    }

    /// The manifest to compare with; nil if the revision has none.
    private static func baseManifest(_ base: Base, name: String, folder: String) throws(BuildError) -> Manifest? {
        switch base {
        case .file(let path):
            return try Builder.loadManifest(atPath: path)
        case .revision(let revision):
            guard let bytes = try GitRevision.file(name, in: folder, at: revision) else { return nil }
            do throws(ManifestErrors) {
                return try ManifestDecoder.decodeStreaming(bytes, file: "\(revision):\(name)")
            } catch {
                throw .invalidManifest(error)
            }
        }
    }
}

/// Files as a git revision holds them, read with the `git` command.
enum GitRevision {
    /// The bytes of `name` in `folder` at `revision`; nil if the revision has no such file.
    static func file(_ name: String, in folder: String, at revision: String) throws(BuildError) -> [UInt8]? {
        guard !revision.hasPrefix("-"), !revision.contains(":") else {
            throw .io("\"\(revision)\" is not a git revision: name a branch, tag or commit such as HEAD or origin/main")
        }
        let check = run(["-C", folder, "rev-parse", "--verify", "--quiet", revision + "^{commit}"])
        guard check.status == 0 else {
            throw .io(check.launchFailed ? "cannot run git: \(check.error)"
                      : "git knows no revision \"\(revision)\" in \(folder) (is it a git repository, and was the branch fetched?)")
        }
        let shown = run(["-C", folder, "show", "\(revision):./\(name)"])
        guard shown.status == 0 else {
            // The revision exists, so git failed for want of the file: a manifest added since.
            return nil
        }
        return shown.output
    }

    /// `git` with `arguments`; a status of 127 (or -1) means git could not be run.
    private static func run(_ arguments: [String]) -> (status: Int32, output: [UInt8], error: String, launchFailed: Bool) {
        let outcome = Subprocess.run("/usr/bin/env", ["git"] + arguments)
        return (outcome.status, outcome.output, outcome.error, outcome.status == 127 || outcome.status == -1)
    }
}
