/// One change of a dynamic code's destination, as the manifest's git history records it.
public struct DestinationChange: Sendable, Equatable {
    /// `YYYY-MM-DD`, the author's date.
    public let date: String
    /// The abbreviated commit id.
    public let commit: String
    public let author: String
    public let destination: String
}

/// Each dynamic code's destinations over the manifest's git history: the commits that
/// touched the manifest, read oldest first, each change kept. Without git, or outside a
/// repository, there is no history (and no error): the site simply shows none.
public enum DestinationHistory {
    /// Changes per code (by lower-case id), newest first, from the last `limit` commits
    /// that touched the manifest. Password-protected and encrypted codes have none: their
    /// destinations are never shown.
    ///
    /// Complexity: O(commits × manifest size): each commit's manifest is decoded.
    public static func load(manifestPath: String, limit: Int = 50) -> [String: [DestinationChange]] {
        let folder = PathName.parent(of: manifestPath), name = PathName.name(of: manifestPath)
        let log = Subprocess.run("/usr/bin/env", ["git", "-C", folder, "log", "-n", String(limit),
                                                   "--format=%H%x09%h%x09%as%x09%an", "--", name])
        guard log.status == 0 else { return [:] }
        let commits = log.outputText.split(separator: "\n").compactMap { line -> (full: String, short: String, date: String, author: String)? in
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            return fields.count == 4 ? (fields[0], fields[1], fields[2], fields[3]) : nil
        }
        var last: [String: String] = [:]
        var changes: [String: [DestinationChange]] = [:]
        for commit in commits.reversed() {
            let shown = Subprocess.run("/usr/bin/env", ["git", "-C", folder, "show", "\(commit.full):./\(name)"])
            guard shown.status == 0, let manifest = try? ManifestDecoder.decodeStreaming(shown.output, file: name) else { continue }
            for code in manifest.codes where code.type == .dynamic && !code.hidesDestination {
                guard let id = code.id?.key, last[id] != code.payload else { continue }
                last[id] = code.payload
                changes[id, default: []].append(DestinationChange(date: commit.date, commit: commit.short, author: commit.author, destination: code.payload))
            }
        }
        return changes.mapValues { Array($0.reversed()) }
    }
}
