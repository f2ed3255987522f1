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
        guard tag.lowercased() != "all" else { return "\"\(tag)\" is reserved: bulk/all.zip already holds every code" }
        return safeFileStem(tag) ? nil : "tag \"\(tag)\" may use only letters, digits, '-', '_' and '.', and must start with a letter or digit"
    }

    /// Letters, digits, `-_.`, starting with a letter or digit: safe in any file system,
    /// URL, shell word or CSV cell.
    static func safeFileStem(_ text: String) -> Bool {
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        }
        guard let first = text.utf8.first, isAlphanumeric(first) else { return false }
        return text.utf8.allSatisfy { isAlphanumeric($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    }
}
