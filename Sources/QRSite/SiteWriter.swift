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

        public init(manifest: Manifest, lockfile: Lockfile, numbers: SiteNumbers?, manifestFolder: String, timeZone: String = "UTC") {
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

    /// Every file of the site, by path relative to the site's folder.
    ///
    /// Complexity: O(codes × (days + breakdown values)).
    public func files() throws(SiteError) -> [(path: String, contents: [UInt8])] {
        var files: [(String, [UInt8])] = []
        let pages = SitePageContexts(input: input)
        func render(_ template: String, _ context: [String: Any], to path: String) throws(SiteError) {
            guard let html = library.render(context, withTemplate: template) else {
                throw SiteError(description: "templates/\(template).mustache is missing")
            }
            files.append((path, Array(html.utf8)))
        }
        try render("site-index", pages.gallery(sortedByScans: false), to: "index.html")
        try render("site-index", pages.gallery(sortedByScans: true), to: "top.html")
        try render("site-overview", pages.overview(), to: "dashboard.html")
        for code in input.manifest.codes {
            try render("site-code", pages.codePage(code), to: "codes/\(code.fileStem).html")
        }
        for tag in pages.tags {
            try render("site-tag", pages.tagPage(tag), to: "tags/\(tag).html")
        }
        files += pages.dataFiles()
        for file in ["site.css", "site.js"] {
            let text = try Self.templateText(file, fallback: SiteTemplates.files[file] ?? "", folder: input.manifestFolder)
            files.append((file, Array(text.utf8)))
        }
        return files
    }
}
