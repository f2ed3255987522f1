#if canImport(Glibc)
import Glibc
#endif

/// Finds the manifest a command works on, the same way for every command: the path it was
/// given (`-m`, or the positional argument of `build`, `validate` and `nginx`), else
/// `QRBUILD_MANIFEST`, else `qrcodes.json` in the current folder or the nearest folder
/// above it, up to the repository's root (as git finds `.git`), so commands work from
/// anywhere in the repository.
public enum ManifestLocator {
    public static let defaultName = "qrcodes.json"
    public static let environmentVariable = "QRBUILD_MANIFEST"

    /// Why no manifest was found.
    public struct NotFound: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The manifest's path: `given` if set, else the environment's, else the nearest
    /// `qrcodes.json` (as a relative path such as `../qrcodes.json`).
    ///
    /// Complexity: O(d) file-system checks for a folder d levels below the manifest's.
    public static func locate(given: String?, environment: [String: String]) throws(NotFound) -> String {
        if let given, !given.isEmpty { return given }
        if let named = environment[environmentVariable], !named.isEmpty { return named }
        var prefix = ""
        var folder = currentFolder()
        while true {
            let candidate = prefix + defaultName
            if exists(candidate) { return candidate }
            // The repository's root is as far as a manifest of this repository can be.
            if exists(prefix + ".git") || folder == "/" || folder.isEmpty { break }
            prefix += "../"
            folder = PathName.parent(of: folder)
        }
        throw NotFound(description: "no \(defaultName) in this folder or any folder above it"
                       + " up to the repository's root: create one with `qrbuild init`, or name it with -m FILE or \(environmentVariable)")
    }

    private static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    private static func currentFolder() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
