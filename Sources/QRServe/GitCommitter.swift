import Foundation

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
        let folder = URL(fileURLWithPath: manifestPath).deletingLastPathComponent().path
        let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
        guard run(["add", "--"] + existing, in: folder).status == 0 else { return "git add failed" }
        // Only these paths, whatever else is staged in the working tree.
        let result = run(["commit", "--quiet", "--no-verify", "-m", message, "--author", "\(author) <\(author)@api.qrbuild.invalid>", "--"] + existing, in: folder)
        if result.status != 0, !result.output.contains("nothing to commit"), !result.output.contains("no changes added") {
            return result.output
        }
        return nil
    }

    private func run(_ arguments: [String], in folder: String) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        // A server has no git identity of its own: the committer is qrbuild, the author the key.
        environment["GIT_COMMITTER_NAME"] = environment["GIT_COMMITTER_NAME"] ?? "qrbuild serve"
        environment["GIT_COMMITTER_EMAIL"] = environment["GIT_COMMITTER_EMAIL"] ?? "serve@qrbuild.invalid"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return (-1, "cannot run git: \(error.localizedDescription)")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
