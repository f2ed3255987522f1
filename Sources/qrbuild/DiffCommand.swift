import ArgumentParser
import Foundation
import QRBuildKit

extension QRBuild {
    /// `qrbuild diff`: what a change to the manifest does, for the reviewer of a pull request.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Show what a change to the manifest does: codes added and removed, destinations, statuses, tags, and reprints.",
            discussion: """
                Compares the manifest with a git revision (default HEAD; in CI the pull request's target branch, \
                origin/$GITHUB_BASE_REF or origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else origin/main) or, with \
                --against, another manifest file. Exits 75 when a published code would be reprinted (unless \
                --allow-reprint) or a published id is removed, else 0.
                """
        )

        @Argument(help: "The git revision to compare with.")
        var base: String?

        @Option(help: "Compare with this manifest file instead of a git revision.")
        var against: String?

        @OptionGroup var manifest: ManifestOption

        @Flag(help: "JSON for tools.") var json = false
        @Flag(help: "A Markdown summary for a pull-request comment.") var markdown = false
        @Flag(help: "Reprints are intended: exit 0 for them.") var allowReprint = false
        @OptionGroup var report: OutputOptions

        func validate() throws {
            if json && markdown { throw ValidationError("choose --json or --markdown, not both") }
            if base != nil && against != nil { throw ValidationError("give a revision or --against FILE, not both") }
        }

        func run() throws {
            let manifestPath = try manifest.path()
            let revision = base ?? Self.defaultRevision(ProcessInfo.processInfo.environment)
            let label = against ?? revision
            let diff = try perform { () throws(BuildError) in
                try ManifestDiff.make(manifestPath: manifestPath, base: against.map(ManifestDiff.Base.file) ?? .revision(revision))
            }
            if report.quiet {
                // The exit status alone.
            } else if json {
                print(diff.json(base: label), terminator: "")
            } else if markdown {
                print(diff.markdown(base: label), terminator: "")
            } else {
                for line in diff.text(base: label).split(separator: "\n") { print(TerminalText.printable(String(line))) }
            }
            if diff.removesPublished {
                throw UserFacingError.conflict("published ids are removed: printed codes live for years; keep them and set \"status\": \"inactive\" instead")
            }
            if !diff.reprints.isEmpty && !allowReprint {
                throw UserFacingError.conflict("\(diff.reprints.count) published or existing code\(diff.reprints.count == 1 ? "" : "s") would be reprinted "
                                               + "(their printed images change); pass --allow-reprint if that is intended")
            }
        }

        /// HEAD on a laptop; in CI the branch the change is to be merged into.
        static func defaultRevision(_ environment: [String: String]) -> String {
            for variable in ["GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] {
                if let branch = environment[variable], !branch.isEmpty { return "origin/" + branch }
            }
            return environment["CI"].map { !$0.isEmpty && $0 != "false" } == true ? "origin/main" : "HEAD"
        }
    }
}
