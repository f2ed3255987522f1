import Foundation
import QRBuildKit

/// `serve --git-commit`: each write through the API becomes a commit of the manifest (and
/// of the lockfile, when a rebuild changed it), with a message that says what changed and
/// the key's name as the author. git runs without a shell; nothing from a request reaches
/// a command line except as one argument.
public struct GitCommitter: Sendable {
    let manifestPath: String

    public init(manifestPath: String) {
        self.manifestPath = manifestPath
    }

    /// Commits `paths` that changed, as `author` (a key's name); says why if git refused.
    @discardableResult
    public func commit(_ message: String, author: String, paths: [String]) -> String? {
        let folder = PathName.parent(of: manifestPath)
        let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
        guard git(["add", "--"] + existing, in: folder).status == 0 else { return "git add failed" }
        // Only these paths, whatever else is staged in the working tree.
        let result = git(["commit", "--quiet", "--no-verify", "-m", message, "--author", "\(author) <\(author)@api.qrbuild.invalid>", "--"] + existing,
                         in: folder)
        let output = result.outputText + result.error
        if result.status != 0, !output.contains("nothing to commit"), !output.contains("no changes added") {
            return output
        }
        return nil
    }

    /// git in `folder`. A server has no git identity of its own: the committer is qrbuild
    /// (unless the environment names one), the author the key.
    private func git(_ arguments: [String], in folder: String) -> Subprocess.Outcome {
        Subprocess.run("/usr/bin/env", ["git", "-C", folder, "-c", "user.name=qrbuild serve", "-c", "user.email=serve@qrbuild.invalid"] + arguments)
    }
}
