#if canImport(Glibc)
import Glibc
#endif

/// Folders of a build's own (output, staging, store) handled without ever following a
/// symbolic link: a link committed in their place by a pull request is removed as the
/// link it is, and never opened, listed or emptied as the folder it points to.
public enum SafeTree {
    /// What a name is, seen without following it.
    enum Kind: Equatable {
        case missing, file, directory, other
    }

    static func kind(of path: String) -> Kind {
        var status = stat()
        guard lstat(path, &status) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Opens the folder at `path` if it is one, not through a link at its end.
    static func openFolder(_ path: String) -> Int32? {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        return descriptor >= 0 ? descriptor : nil
    }

    /// Opens the folder `name` inside the open folder `parent` if it is one, not a link.
    static func openFolder(_ name: String, in parent: Int32) -> Int32? {
        let descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        return descriptor >= 0 ? descriptor : nil
    }

    /// Removes whatever `path` names: a file or link itself, or a folder with everything
    /// in it, links inside removed as links. Nothing outside `path` is touched.
    ///
    /// Complexity: O(n) in the entries under `path`.
    static func remove(_ path: String) throws(FileError) {
        guard unlink(path) != 0 else { return }
        guard errno == EISDIR || errno == EPERM else {
            if errno == ENOENT { return }
            throw .fromErrno("remove", path)
        }
        guard let folder = openFolder(path) else { throw .fromErrno("open the folder", path) }
        try empty(folder, path: path)
        guard rmdir(path) == 0 || errno == ENOENT else { throw .fromErrno("remove the folder", path) }
    }

    /// `remove(path)` with each of the folder's entries removed on its own core: a site's
    /// `codes/`, `data/` and `print/` are tens of thousands of files each, and unlinking
    /// in different folders runs in parallel in the kernel.
    ///
    /// Complexity: O(n) in the entries under `path`, over all cores.
    public static func removeInParallel(_ path: String) throws(FileError) {
        guard kind(of: path) == .directory, let folder = openFolder(path), let listing = fdopendir(folder) else {
            return try remove(path)
        }
        var names: [String] = []
        while let entry = readdir(listing) {
            let name = DirectoryListing.name(of: entry)
            if name != ".", name != ".." { names.append(name) }
        }
        closedir(listing)
        let failures = Concurrently.map(names) { name -> FileError? in
            do throws(FileError) { try remove(path + "/" + name) } catch { return error }
            return nil
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        try remove(path)
    }

    /// Removes every entry of the open folder `folder` (closed on return).
    private static func empty(_ folder: Int32, path: String) throws(FileError) {
        guard let listing = fdopendir(folder) else {
            close(folder)
            throw .fromErrno("list", path)
        }
        defer { closedir(listing) }
        var names: [String] = []
        while let entry = readdir(listing) {
            let name = DirectoryListing.name(of: entry)
            if name != ".", name != ".." { names.append(name) }
        }
        for name in names {
            if unlinkat(folder, name, 0) == 0 || errno == ENOENT { continue }
            guard errno == EISDIR || errno == EPERM, let inner = openFolder(name, in: folder) else {
                throw .fromErrno("remove", path + "/" + name)
            }
            try empty(inner, path: path + "/" + name)
            guard unlinkat(folder, name, AT_REMOVEDIR) == 0 || errno == ENOENT else {
                throw .fromErrno("remove the folder", path + "/" + name)
            }
        }
    }
}
