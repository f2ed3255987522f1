/// Rules for the names and tags that become file names (`images/<name>.svg`, `bulk/<tag>.zip`).
enum Names {
    /// A message when `name` cannot be a code name, else `nil`.
    static func problem(withName name: String) -> String? {
        guard (1...64).contains(name.count) else { return "must be 1 to 64 characters (got \(name.count))" }
        return safeFileStem(name) ? nil : "\"\(name)\" may use only letters, digits, '-', '_' and '.', and must start with a letter or digit"
    }

    /// A message when `tag` cannot be a tag, else `nil`.
    static func problem(withTag tag: String) -> String? {
        guard (1...64).contains(tag.count) else { return "a tag must be 1 to 64 characters (got \(tag.count))" }
        guard tag != "all" else { return "\"all\" is reserved: bulk/all.zip already holds every code" }
        return safeFileStem(tag) ? nil : "tag \"\(tag)\" may use only letters, digits, '-', '_' and '.', and must start with a letter or digit"
    }

    /// Letters, digits, `-_.`, starting with a letter or digit: safe in any file system,
    /// URL, shell word or CSV cell.
    static func safeFileStem(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || first.isNumber else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}
