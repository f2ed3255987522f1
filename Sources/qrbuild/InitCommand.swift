import ArgumentParser
import QRBuildKit

extension ProjectInit.CI: ExpressibleByArgument {}

extension QRBuild {
    /// `qrbuild init`: a repository's starting files, never overwriting one.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Set up a repository for QR codes: manifest, schema, .gitignore, CI, nginx site, pre-commit hook.",
            discussion: "Never overwrites a file: what exists is skipped, and running it again changes nothing."
        )

        @Argument(help: "The repository's folder.")
        var folder = "."

        @Option(help: "The CI pipeline to write: github, gitlab or none.")
        var ci = ProjectInit.CI.github

        @OptionGroup var report: OutputOptions

        func run() throws {
            let steps: [ProjectInit.Step]
            do {
                steps = try ProjectInit.run(in: folder, ci: ci)
            } catch {
                throw UserFacingError.io(error.description)
            }
            for step in steps {
                switch step.action {
                case .created: report.say("created \(step.path)" + (step.detail.isEmpty ? "" : ": \(step.detail)"))
                case .extended: report.say("added to \(step.path): \(step.detail)")
                case .skipped: report.say("skipped \(step.path): \(step.detail)")
                }
            }
            report.say("next: qrbuild validate, then qrbuild build; `qrbuild diff` shows what a change does")
        }
    }
}
