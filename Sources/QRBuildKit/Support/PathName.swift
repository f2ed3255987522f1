import Foundation

/// File path pieces without NSString, whose Linux implementation traps on some
/// one-character paths (`("a" as NSString).deletingLastPathComponent`, measured).
public enum PathName {
    /// The folder part of `path`: `.` for a bare name, `/` for a file at the root.
    public static func parent(of path: String) -> String {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        let folder = String(trimmed[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// The last component of `path`.
    public static func name(of path: String) -> String {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }
}

extension PathName {
    /// `path` from the root: relative paths are taken from the current folder.
    public static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}
