import ArgumentParser
import Foundation
import QRAnalytics
import QRBuildKit
import QRSite

extension QRBuild {
    /// `qrbuild site`: the gallery, code pages and dashboards rewritten from the manifest and
    /// the analytics store, without touching images or archives (for cron, after `ingest`).
    struct Site: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "site",
            abstract: "Rewrite the site (gallery, code and tag pages, dashboards) of a build's output.",
            discussion: "Run `qrbuild build` once first: the site links the images it wrote. The numbers come from the analytics store, up to the last day it counted."
        )

        @Argument(help: "The manifest (a shorthand for -m).")
        var positionalManifest: String?

        @OptionGroup var manifest: ManifestOption

        @Option(name: [.short, .customLong("output")], help: "The build's output folder (default: dist beside the manifest).")
        var output: String?

        @OptionGroup var location: StoreLocation
        @OptionGroup var report: OutputOptions

        func run() throws {
            let manifestPath = try manifest.path(positional: positionalManifest)
            let output = output ?? ManifestOption.beside(manifestPath, "dist")
            guard FileManager.default.fileExists(atPath: output + "/images") else {
                throw UserFacingError.data("\(output) has no images yet: run `qrbuild build` first, then `qrbuild site`")
            }
            var clock = PhaseClock()
            let site = try SiteBuild.writer(manifestPath: manifestPath, location: location)
            clock.lap("site: manifest, lockfile, store, history read")
            do {
                try SiteOutput.replace(in: output, with: site.writer)
            } catch {
                throw UserFacingError.io(error.description)
            }
            report.say("wrote the site of \(site.codes) codes into \(output)/site" + (site.hasNumbers ? "" : " (no scans counted yet)"))
        }
    }
}

/// The site's files for a manifest, with the numbers of its store when there is one.
enum SiteBuild {
    /// The build's site step (`BuildOptions.writeSite`) for `qrbuild build` and the
    /// rebuilds of `qrbuild serve`: the site written into the staging output, unchanged
    /// print PNGs lent by the live one when the build trusts it.
    static func hook(manifestPath: String, location: StoreLocation) -> @Sendable (Manifest, Lockfile, String, String?) throws -> Void {
        { manifest, lockfile, staging, trustedLive in
            let site = try writer(manifest: manifest, lockfile: lockfile, manifestPath: manifestPath, location: location)
            try SiteOutput.write(site.writer, into: staging + "/site", images: staging + "/images", previous: trustedLive.map { $0 + "/site" })
        }
    }

    static func writer(manifestPath: String, location: StoreLocation) throws -> (writer: SiteWriter, codes: Int, hasNumbers: Bool) {
        let manifest: Manifest
        let lockfile: Lockfile
        do {
            manifest = try Builder.loadManifest(atPath: manifestPath)
            lockfile = try Lockfile.load(from: PathName.parent(of: manifestPath) + "/" + Lockfile.fileName)
        } catch let error as BuildError {
            throw UserFacingError.from(error)
        } catch {
            throw UserFacingError.io("\(error)")
        }
        return try writer(manifest: manifest, lockfile: lockfile, manifestPath: manifestPath, location: location)
    }

    static func writer(manifest: Manifest, lockfile: Lockfile, manifestPath: String,
                       location: StoreLocation) throws -> (writer: SiteWriter, codes: Int, hasNumbers: Bool) {
        _ = try location.clock()
        let storePath = location.storePath(manifest: manifestPath)
        var numbers: SiteNumbers?
        // A store is read if there is one; none is created here.
        let exists = FileManager.default.fileExists(atPath: storePath)
        if location.store != nil, !exists {
            throw UserFacingError.data("--store \(storePath): there is no analytics store there; run `qrbuild ingest` first, or leave out --store")
        }
        if exists {
            do {
                let store = try AnalyticsStore(path: storePath)
                let ids = manifest.codes.compactMap { $0.type == .dynamic ? $0.id?.text : nil }
                numbers = try SiteNumbers.load(from: store, ids: ids)
            } catch {
                throw UserFacingError.io(error.description)
            }
        }
        do {
            let writer = try SiteWriter(.init(manifest: manifest, lockfile: lockfile, numbers: numbers,
                                              manifestFolder: PathName.parent(of: manifestPath), timeZone: location.tz,
                                              history: DestinationHistory.load(manifestPath: manifestPath)))
            return (writer, manifest.codes.count, numbers != nil)
        } catch {
            throw UserFacingError.data(error.description)
        }
    }
}
