import CLinux
import Foundation

/// A build's output, assembled in a temporary sibling folder and swapped in at the end,
/// so a failed or interrupted build leaves the previous output whole.
public struct OutputDirectory {
    /// Where the finished output goes.
    public let path: String
    /// The folder being filled.
    public let staging: String

    /// Creates an empty staging folder beside `path`.
    public init(path: String) throws(FileError) {
        self.path = path
        let parent = PathName.parent(of: path)
        let base = PathName.name(of: path)
        staging = parent + "/.\(base).building-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw FileError(path: staging, operation: "create the staging folder", reason: error.localizedDescription)
        }
    }

    /// Makes the staged output the real one. Where the kernel can, the two folders are
    /// exchanged in one step; otherwise the old one is moved aside first.
    public func commit() throws(FileError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw FileError(path: path, operation: "replace", reason: "it is a file, not a folder")
            }
            if qrbuild_exchange_paths(staging, path) == 0 {
                try? manager.removeItem(atPath: staging)  // now holds the previous output
                return
            }
            let aside = staging + ".previous"
            guard rename(path, aside) == 0 else { throw .fromErrno("move aside", path) }
            guard rename(staging, path) == 0 else {
                let error = FileError.fromErrno("replace", path)
                _ = rename(aside, path)
                throw error
            }
            try? manager.removeItem(atPath: aside)
        } else {
            try? manager.createDirectory(atPath: PathName.parent(of: path), withIntermediateDirectories: true)
            guard rename(staging, path) == 0 else { throw .fromErrno("create", path) }
        }
    }

    /// Removes the staging folder after a failure.
    public func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }
}
