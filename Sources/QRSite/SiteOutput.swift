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
    /// `previous`, the site this one replaces, lends the print-size PNGs that have not changed.
    public static func write(_ writer: SiteWriter, into folder: String, images: String, previous: String? = nil) throws(SiteError) {
        let manager = FileManager.default
        do {
            var made = Set<String>()
            try writer.write { path, contents in
                let target = folder + "/" + path
                let parent = PathName.parent(of: target)
                if made.insert(parent).inserted { try manager.createDirectory(atPath: parent, withIntermediateDirectories: true) }
                try writeFile(target, contents)
            }
            var clock = PhaseClock()
            try writePrintImages(writer, into: folder, previous: previous)
            clock.lap("site: print images")
            let imageFolder = folder + "/images"
            try manager.createDirectory(atPath: imageFolder, withIntermediateDirectories: true)
            for name in (try? manager.contentsOfDirectory(atPath: images)) ?? [] where !name.hasPrefix(".") {
                let target = imageFolder + "/" + name
                // A hard link costs nothing; a copy where the folders are on different devices.
                var linked = link(images + "/" + name, target) == 0
                if !linked, errno == EEXIST {
                    unlink(target)
                    linked = link(images + "/" + name, target) == 0
                }
                if !linked { try manager.copyItem(atPath: images + "/" + name, toPath: target) }
            }
        } catch let error as SiteError {
            throw error
        } catch {
            throw SiteError(description: "cannot write the site into \(folder): \(error.localizedDescription)")
        }
    }

    /// Writes a new file in a folder only this write uses: plain `open` and `write` (a
    /// Foundation write made a temporary file and renamed it, a fifth of the site's time).
    static func writeFile(_ path: String, _ contents: [UInt8]) throws(SiteError) {
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
    /// landing pages (`site/qr-pages`) kept. Written beside it, then swapped in, under the
    /// build's lock (a build and a site never write the output at once). When the build
    /// left the output sealed, it is sealed again, so the next build still trusts its
    /// images instead of drawing every one again.
    public static func replace(in output: String, with writer: SiteWriter) throws(SiteError) {
        let directory: OutputDirectory
        do {
            directory = try OutputDirectory(path: output)
        } catch {
            throw SiteError(description: "\(error)")
        }
        var clock = PhaseClock()
        try swapIn(writer, output: output, previous: directory.trustsLive)
        clock.lap("site: written, swapped in, old one removed")
        directory.resealLive()
    }

    private static func swapIn(_ writer: SiteWriter, output: String, previous trusted: Bool) throws(SiteError) {
        let live = output + "/site", fresh = output + "/.site-new", old = output + "/.site-old"
        let manager = FileManager.default
        try? SafeTree.removeInParallel(fresh)
        try? SafeTree.removeInParallel(old)
        try write(writer, into: fresh, images: output + "/images", previous: trusted ? live : nil)
        do {
            if manager.fileExists(atPath: live + "/qr-pages") {
                try manager.copyItem(atPath: live + "/qr-pages", toPath: fresh + "/qr-pages")
            }
            if manager.fileExists(atPath: live) {
                guard qrbuild_exchange_paths(fresh, live) == 0 else {
                    // No atomic exchange here: two renames, the gap between them is short.
                    try manager.moveItem(atPath: live, toPath: old)
                    try manager.moveItem(atPath: fresh, toPath: live)
                    try? SafeTree.removeInParallel(old)
                    return
                }
                try SafeTree.removeInParallel(fresh)
            } else {
                try manager.moveItem(atPath: fresh, toPath: live)
            }
        } catch {
            throw SiteError(description: "cannot swap the new site into \(live): \(error.localizedDescription)")
        }
    }
}
