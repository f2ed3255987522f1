#if canImport(Glibc)
import Glibc
#endif

/// Files a build reads from the manifest's repository (templates, the manifest and its
/// lockfile), read as a hostile pull request could have left them: never through a
/// symbolic link, and only if they are regular files. A link to `/proc/self/environ`
/// named `templates/landing.mustache` would otherwise publish the build's environment.
enum RepositoryFile {
    /// Why a repository file was not read.
    struct Refusal: Error, Sendable {
        /// The path as the user knows it (relative to the folder it was read from).
        let path: String
        let reason: String
    }

    /// The bytes of `relativePath` (components separated by `/`, no `..`) inside `folder`,
    /// or nil if it does not exist. Every component is opened with `O_NOFOLLOW` from the
    /// one before it, so nothing outside `folder` is reached.
    ///
    /// Complexity: O(n) in the file's size.
    static func read(_ relativePath: String, in folder: String) throws(Refusal) -> [UInt8]? {
        let components = relativePath.split(separator: "/").map(String.init)
        guard let name = components.last, !components.contains(".."), !components.contains(".") else {
            throw Refusal(path: relativePath, reason: "is not a plain path inside the repository")
        }
        var directory = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return nil }
        defer { close(directory) }
        var walked = ""
        for component in components.dropLast() {
            walked += component + "/"
            let next = openat(directory, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 {
                switch errno {
                case ENOENT: return nil
                case ELOOP, ENOTDIR: throw refusal(walked, at: directory, name: component)
                default: throw Refusal(path: walked, reason: "cannot be opened: \(String(cString: strerror(errno)))")
                }
            }
            close(directory)
            directory = next
        }
        // O_NONBLOCK: a FIFO would otherwise block the open until someone writes to it.
        let descriptor = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if descriptor < 0 {
            switch errno {
            case ENOENT: return nil
            case ELOOP: throw refusal(relativePath, at: directory, name: name)
            default: throw Refusal(path: relativePath, reason: "cannot be read: \(String(cString: strerror(errno)))")
            }
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw Refusal(path: relativePath, reason: "is not a regular file; only plain files are read from the repository")
        }
        guard let bytes = FileDescriptorIO.readAll(from: descriptor) else {
            throw Refusal(path: relativePath, reason: "cannot be read: \(String(cString: strerror(errno)))")
        }
        return bytes
    }

    /// The refusal for `name` in `directory`, which `O_NOFOLLOW` or `O_DIRECTORY` turned away.
    private static func refusal(_ path: String, at directory: Int32, name: String) -> Refusal {
        var status = stat()
        if fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFLNK {
            return Refusal(path: path, reason: "is a symbolic link; qrbuild reads only regular files inside the repository, "
                                                + "so replace the link with the file itself")
        }
        return Refusal(path: path, reason: "is not a folder")
    }
}

/// Text files from the manifest's repository (templates, stylesheets), read as the build
/// reads them: never through a symbolic link.
public enum RepositoryText {
    /// Why a file was refused.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The text of `relativePath` inside `folder`, or nil if there is no such file.
    public static func read(_ relativePath: String, in folder: String) throws(Refusal) -> String? {
        do {
            return try RepositoryFile.read(relativePath, in: folder).map { String(decoding: $0, as: UTF8.self) }
        } catch {
            throw Refusal(description: "\(error.path) \(error.reason)")
        }
    }
}
