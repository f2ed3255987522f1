#if canImport(Glibc)
import Glibc
#endif

/// `qrbuild init`: the files a repository of QR codes starts with, written into `folder`
/// without ever overwriting one. Running it again changes nothing and says so.
public enum ProjectInit {
    /// Which CI system to write a pipeline for.
    public enum CI: String, CaseIterable, Sendable {
        case github, gitlab, none
    }

    /// What happened to one file.
    public struct Step: Sendable, Equatable {
        public enum Action: String, Sendable {
            case created
            /// Lines added to a file that was there.
            case extended
            case skipped
        }

        public let path: String
        public let action: Action
        public let detail: String
    }

    /// Writes the project's files into `folder`; returns what it did with each.
    public static func run(in folder: String, ci: CI) throws(FileError) -> [Step] {
        var steps: [Step] = []
        func create(_ relativePath: String, _ text: String, skipped: String = "it exists; not overwritten") throws(FileError) {
            let path = folder + "/" + relativePath
            var status = stat()
            if lstat(path, &status) == 0 {
                steps.append(Step(path: relativePath, action: .skipped, detail: skipped))
                return
            }
            var parent = ""
            for component in relativePath.split(separator: "/").dropLast() {
                parent += (parent.isEmpty ? "" : "/") + component
                if mkdir(folder + "/" + parent, 0o755) != 0, errno != EEXIST { throw .fromErrno("create the folder", folder + "/" + parent) }
            }
            try AtomicFile.write(Array(text.utf8), to: path)
            steps.append(Step(path: relativePath, action: .created, detail: ""))
        }
        try create(ManifestLocator.defaultName, ProjectFiles.manifest(id: CodeID.generate().text),
                   skipped: "it exists; your codes are left as they are")
        try create("qrbuild.schema.json", ManifestSchema.text)
        steps.append(try extendIgnoreFile(folder))
        switch ci {
        case .github: try create(".github/workflows/qrbuild.yml", ProjectFiles.githubWorkflow)
        case .gitlab: try create(".gitlab-ci.yml", ProjectFiles.gitlabPipeline)
        case .none: break
        }
        try create("nginx/qrbuild.conf", ProjectFiles.nginxSite)
        try create(".pre-commit-config.yaml", ProjectFiles.preCommit)
        return steps
    }

    /// Adds to `.gitignore` the entries it lacks, under a `# qrbuild` heading.
    private static func extendIgnoreFile(_ folder: String) throws(FileError) -> Step {
        let path = folder + "/.gitignore"
        let existing = StagingFile.read(path).map { String(decoding: $0, as: UTF8.self) }
        if existing == nil, errno != ENOENT { throw .fromErrno("read", path) }
        let lines = Set((existing ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: " \t") })
        let missing = ProjectFiles.ignored.filter { !lines.contains($0) }
        guard !missing.isEmpty else { return Step(path: ".gitignore", action: .skipped, detail: "it has every entry") }
        var text = existing ?? ""
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        text += (text.isEmpty ? "" : "\n") + "# qrbuild\n" + missing.joined(separator: "\n") + "\n"
        try AtomicFile.write(Array(text.utf8), to: path)
        return Step(path: ".gitignore", action: existing == nil ? .created : .extended, detail: missing.joined(separator: " "))
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
