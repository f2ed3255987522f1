import Foundation
import Mustache
import QRAnalytics
import QRBuildKit

/// Why the site could not be written.
public struct SiteError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// The static site for the people who own the codes: the gallery (`index.html`, and
/// `top.html` by scans), a page per code (`codes/<id or name>.html`), a page per tag
/// (`tags/<tag>.html`), the overall dashboard (`dashboard.html`), the numbers behind every
/// chart (`data/`), one stylesheet and one small script. Plain HTML from Mustache templates
/// (a `templates/` folder beside the manifest overrides them), every value escaped, a strict
/// Content-Security-Policy, charts as inline SVG.
///
/// The same manifest, lockfile and store give the same bytes: the window of numbers ends on
/// the last day the store counted, not on today.
public struct SiteWriter {
    /// Inputs: the manifest and its lockfile, the numbers (nil without a store), where the
    /// templates may be overridden, and the time zone the days were counted in.
    public struct Input {
        public var manifest: Manifest
        public var lockfile: Lockfile
        public var numbers: SiteNumbers?
        public var manifestFolder: String
        public var timeZone: String
        /// Destination changes per code (lower-case id), newest first, from git.
        public var history: [String: [DestinationChange]]

        public init(manifest: Manifest, lockfile: Lockfile, numbers: SiteNumbers?, manifestFolder: String, timeZone: String = "UTC",
                    history: [String: [DestinationChange]] = [:]) {
            self.history = history
            self.manifest = manifest
            self.lockfile = lockfile
            self.numbers = numbers
            self.manifestFolder = manifestFolder
            self.timeZone = timeZone
        }
    }

    let input: Input
    let library: MustacheLibrary

    public init(_ input: Input) throws(SiteError) {
        self.input = input
        var library = MustacheLibrary()
        for (file, fallback) in SiteTemplates.files where file.hasSuffix(".mustache") {
            let source = try Self.templateText(file, fallback: fallback, folder: input.manifestFolder)
            do {
                try library.register(source, named: String(file.dropLast(".mustache".count)))
            } catch {
                throw SiteError(description: "templates/\(file): not a valid Mustache template: \(error)")
            }
        }
        self.library = library
    }

    /// A file from `templates/` beside the manifest, else the built-in one; read as the
    /// build reads templates (no links).
    static func templateText(_ file: String, fallback: String, folder: String) throws(SiteError) -> String {
        do {
            return try RepositoryText.read("templates/" + file, in: folder) ?? fallback
        } catch {
            throw SiteError(description: "\(error)")
        }
    }

    /// A print-size PNG a code page offers: made by `SiteOutput`, or kept from the last
    /// site when its key is unchanged (a site of 10,000 codes has 30,000 of them).
    public struct PrintFile: Sendable {
        /// `print/<stem>-5cm.png`, relative to the site's folder.
        public let path: String
        public let key: String
        let code: Manifest.Code
        let width: Double

        /// The PNG's bytes.
        func render(in manifest: Manifest) throws -> [UInt8] {
            try PrintImage.png(of: code, in: manifest, width: width)
        }
    }

    /// Every print-size PNG the code pages link to.
    public var printFiles: [PrintFile] {
        input.manifest.codes.flatMap { code in
            PrintImage.widths.map { width in
                PrintFile(path: "print/" + PrintImage.fileName(of: code, width: width),
                          key: PrintImage.key(of: code, in: input.manifest, width: width), code: code, width: width)
            }
        }
    }

    /// Codes per gallery page: 10,000 cards on one page would be megabytes.
    static let galleryPageSize = 200
    /// Code pages made at a time on all cores, then written: memory holds a batch, not the site.
    static let batchSize = 256

    /// Makes every file of the site and hands each to `write` (a path relative to the
    /// site's folder, and the bytes), one at a time, on the calling thread.
    ///
    /// Complexity: O(codes × (days + breakdown values)); memory O(batch).
    public func write(_ write: (String, [UInt8]) throws -> Void) throws {
        var clock = PhaseClock()
        let pages = SitePageContexts(input: input)
        let library = library
        func render(_ template: String, _ context: [String: Any]) throws(SiteError) -> [UInt8] {
            guard let html = library.render(context, withTemplate: template) else {
                throw SiteError(description: "templates/\(template).mustache is missing")
            }
            return Array(html.utf8)
        }
        // Gallery pages on all cores too: 100 pages of 200 cards for 10,000 codes.
        let galleries = [false, true].flatMap { sorted in (1...pages.galleryPageCount).map { (sorted: sorted, page: $0) } }
        let galleryPages = Concurrently.map(galleries) { gallery in
            library.render(pages.gallery(sortedByScans: gallery.sorted, page: gallery.page), withTemplate: "site-index").map { Array($0.utf8) }
        }
        for (gallery, html) in zip(galleries, galleryPages) {
            guard let html else { throw SiteError(description: "templates/site-index.mustache is missing") }
            try write(SitePageContexts.galleryFile(sortedByScans: gallery.sorted, page: gallery.page), html)
        }
        clock.lap("site: contexts, galleries")
        try write("dashboard.html", try render("site-overview", pages.overview()))
        clock.lap("site: dashboard")
        let codes = input.manifest.codes
        for start in stride(from: 0, to: codes.count, by: Self.batchSize) {
            let batch = Array(codes[start..<min(start + Self.batchSize, codes.count)])
            let rendered = Concurrently.map(batch) { code -> [UInt8]? in
                library.render(pages.codePage(code), withTemplate: "site-code").map { Array($0.utf8) }
            }
            for (code, html) in zip(batch, rendered) {
                guard let html else { throw SiteError(description: "templates/site-code.mustache is missing") }
                try write("codes/\(code.fileStem).html", html)
            }
        }
        clock.lap("site: code pages")
        for tag in pages.tags {
            try write("tags/\(tag).html", try render("site-tag", pages.tagPage(tag)))
        }
        clock.lap("site: tag pages")
        try pages.dataFiles(write)
        clock.lap("site: data files")
        if input.numbers != nil { try write("world.svg", Array(WorldMap.land().utf8)) }
        for file in ["site.css", "site.js"] {
            let text = try Self.templateText(file, fallback: SiteTemplates.files[file] ?? "", folder: input.manifestFolder)
            try write(file, Array(text.utf8))
        }
    }
}
