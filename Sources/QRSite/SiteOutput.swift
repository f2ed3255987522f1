import CLinux
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import QRBuildKit

/// Puts the site's files on disk: into a build's staging folder, or (for `qrbuild site`)
/// beside a live output, swapped in whole so a reader sees the old site or the new one.
public enum SiteOutput {
    /// Writes the site `writer` makes into `folder` (made if needed) and links every image
    /// the build wrote (`images`, the output's `images/`) into `folder/images/`, so the site
    /// is self-contained: it can be served on its own or opened from disk.
    public static func write(_ writer: SiteWriter, into folder: String, images: String) throws(SiteError) {
        let manager = FileManager.default
        do {
            var made = Set<String>()
            try writer.write { path, contents in
                let target = folder + "/" + path
                let parent = PathName.parent(of: target)
                if made.insert(parent).inserted { try manager.createDirectory(atPath: parent, withIntermediateDirectories: true) }
                try writeFile(target, contents)
            }
            let imageFolder = folder + "/images"
            try manager.createDirectory(atPath: imageFolder, withIntermediateDirectories: true)
            for name in (try? manager.contentsOfDirectory(atPath: images)) ?? [] where !name.hasPrefix(".") {
                let target = imageFolder + "/" + name
                unlink(target)
                // A hard link costs nothing; a copy where the folders are on different devices.
                if link(images + "/" + name, target) != 0 {
                    try manager.copyItem(atPath: images + "/" + name, toPath: target)
                }
            }
        } catch let error as SiteError {
            throw error
        } catch {
            throw SiteError(description: "cannot write the site into \(folder): \(error.localizedDescription)")
        }
    }

    /// Writes a new file in a folder only this write uses: plain `open` and `write` (a
    /// Foundation write made a temporary file and renamed it, a fifth of the site's time).
    private static func writeFile(_ path: String, _ contents: [UInt8]) throws(SiteError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw SiteError(description: "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var written = 0
        while written < contents.count {
            let count = contents.withUnsafeBytes { bytes in
                Glibc.write(descriptor, bytes.baseAddress.map { $0 + written }, contents.count - written)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw SiteError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
            written += count
        }
    }

    /// `qrbuild site`: the site of `output` (a build's output folder) rewritten, the build's
    /// landing pages (`site/qr-pages`) kept. Written beside it, then swapped in.
    public static func replace(in output: String, with writer: SiteWriter) throws(SiteError) {
        let live = output + "/site", fresh = output + "/.site-new", old = output + "/.site-old"
        let manager = FileManager.default
        try? manager.removeItem(atPath: fresh)
        try? manager.removeItem(atPath: old)
        try write(writer, into: fresh, images: output + "/images")
        do {
            if manager.fileExists(atPath: live + "/qr-pages") {
                try manager.copyItem(atPath: live + "/qr-pages", toPath: fresh + "/qr-pages")
            }
            if manager.fileExists(atPath: live) {
                guard qrbuild_exchange_paths(fresh, live) == 0 else {
                    // No atomic exchange here: two renames, the gap between them is short.
                    try manager.moveItem(atPath: live, toPath: old)
                    try manager.moveItem(atPath: fresh, toPath: live)
                    try? manager.removeItem(atPath: old)
                    return
                }
                try manager.removeItem(atPath: fresh)
            } else {
                try manager.moveItem(atPath: fresh, toPath: live)
            }
        } catch {
            throw SiteError(description: "cannot swap the new site into \(live): \(error.localizedDescription)")
        }
    }
}
