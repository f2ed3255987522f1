import Dispatch
import Foundation
import QRCore
import QRPayload
import QRRender
import QRLock

/// What to build and how.
public struct BuildOptions: Sendable {
    public var manifestPath: String
    public var outputPath: String
    /// Let published dynamic codes' images change (new prints will differ from old ones).
    public var allowReprint = false
    /// Read every styled image back with zbar before it is written (`--verify`).
    public var verify = false
    /// Writes the static site into the staging output's `site/` once its images are in
    /// place (given the manifest, the new lockfile, the staging folder, and the live
    /// output when it is as the last build left it, so its site may lend unchanged files).
    /// Set by the command line, which links the site library; nil writes no site.
    public var writeSite: (@Sendable (_ manifest: Manifest, _ lockfile: Lockfile, _ staging: String, _ trustedLive: String?) throws -> Void)?
    /// Seconds since 1970 for timestamps that would otherwise be "now" (`SOURCE_DATE_EPOCH`).
    public var sourceDateEpoch: Int?
    /// Where the generated nginx files point nginx.
    public var nginx = NginxCompiler.Options()
    /// The key for encrypted destinations.
    public var keySource = KeySource()
    /// Called now and then with (images done, images in all), from any thread.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Leaves the build's large values (manifest, lockfiles, plan, archives' indexes, nginx
    /// text) allocated when it returns, for a process that exits right after: freeing
    /// 100,000 codes' strings one by one took about 100 ms on one core (measured), and the
    /// system takes the memory back at exit anyway. Off by default, so that a long-lived
    /// caller of `Builder.build` gets its memory back.
    public var leavesMemoryToExit = false

    public init(manifestPath: String, outputPath: String) {
        self.manifestPath = manifestPath
        self.outputPath = outputPath
    }

    /// The lockfile beside the manifest.
    public var lockfilePath: String {
        PathName.parent(of: manifestPath) + "/" + Lockfile.fileName
    }
}

/// What a build did.
public struct BuildSummary: Sendable {
    public var codes = 0
    public var rendered = 0
    /// Images taken unchanged from the previous output (their inputs had not changed).
    public var reused = 0
    public var archives: [String] = []
    /// Ids published for the first time by this build.
    public var published: [String] = []
}

/// `qrbuild build`: manifest → images, codes.json and bulk archives, all or nothing.
public enum Builder {
    /// Zip entries hold DOS times, which libarchive takes in local time: in UTC, the same
    /// manifest gives the same archives on a laptop and in CI. Set once per process, before
    /// a build starts its threads; nothing else in qrbuild reads local time.
    private static let utcForZipTimes: Void = {
        setenv("TZ", "UTC0", 1)
        tzset()
    }()

    /// What `BuildOptions.leavesMemoryToExit` keeps: never freed, by design.
    private static let keptUntilExit = Locked<[any Sendable]>([])

    /// Bumped whenever rendering changes, so cached images from older versions are redone.
    /// 2: PNG data from qrbuild's own deflate encoder instead of zlib.
    static let rendererVersion = "qrbuild-render-2"

    public static func build(_ options: BuildOptions) throws(BuildError) -> BuildSummary {
        _ = utcForZipTimes
        do {
            return try buildOrThrow(options)
        } catch let error as BuildError {
            throw error
        } catch let error as FileError {
            throw .io(error.description)
        } catch let error as ManifestErrors {
            throw .invalidManifest(error)
        } catch {
            throw .io("\(error)")
        }
    }

    /// The build's steps; independent ones run at the same time.
    private static func buildOrThrow(_ options: BuildOptions) throws -> BuildSummary {
        let file = PathName.name(of: options.manifestPath)
        var clock = PhaseClock()
        let output = try OutputDirectory(path: options.outputPath)
        // One name per output for the lockfile being written: a build killed before it
        // recorded the file leaves it here, and the next build into this output replaces it.
        let pendingLockfilePath = PathName.parent(of: options.lockfilePath) + "/." + Lockfile.fileName + "." + output.tag + ".next"
        let (manifest, (previous, caches)) = try Concurrently.run({
            try loadManifest(options.manifestPath).decryptingDestinations(key: try options.keySource.load(), file: file)
        }, {
            // A cache vouches for its folder's files only while the folder is as the last
            // build sealed it: one committed or altered since is rebuilt, never trusted.
            (try Lockfile.load(from: options.lockfilePath),
             (live: output.trustsLive ? ImageCache(contentsOf: output.path + "/" + ImageCache.fileName) : ImageCache(),
              staging: output.trustsStaging ? ImageCache(contentsOf: output.staging + "/" + ImageCache.fileName) : ImageCache()))
        })
        clock.lap("manifest and lockfile")
        let now = options.sourceDateEpoch ?? Int(Date().timeIntervalSince1970)
        let (plan, (nginx, archives)) = try Concurrently.run({
            try BuildPlan(manifest: manifest, previous: previous, now: now, allowReprint: options.allowReprint)
        }, {
            (try NginxCompiler.compile(manifest, options: options.nginx, file: file), BulkArchives(manifest: manifest))
        })
        clock.lap("plan, nginx and archive indexes")
        try OpenFileLimit.ensureRoom(forArchives: archives.groups.count)
        do {
            // The new lockfile is made and written beside the output, into a temporary file
            // that is renamed into place only after the swap. Both halves always finish, so a
            // lockfile written while the output failed is removed, not left behind.
            let (written, lock) = try Concurrently.run({
                Result { try writeOutput(plan: plan, archives: archives, nginx: nginx, caches: caches, options: options, output: output) }
            }, {
                Result { () throws -> AtomicFile.Pending? in
                    plan.lockfileChanged
                        ? try AtomicFile.prepare(plan.lockfile.bytes, for: options.lockfilePath, temporary: pendingLockfilePath)
                        : nil
                }
            })
            let pendingLock: AtomicFile.Pending?
            var summary: BuildSummary
            do {
                summary = try written.get()
                pendingLock = try lock.get()
            } catch {
                if case .success(let pending?) = lock { pending.discard() }
                throw error
            }
            clock.lap("output")
            summary.published = plan.published
            DrillStop.outputWritten.reach()
            do {
                if let pendingLock { try output.recordPendingLockfile(pendingLock) }
                DrillStop.beforeSwap.reach()
                try output.commit()
            } catch {
                pendingLock?.discard()
                throw error
            }
            DrillStop.afterSwap.reach()
            try pendingLock?.commit()
            DrillStop.afterLockfile.reach()
            output.seal()
            clock.lap("swap and lockfile")
            if options.leavesMemoryToExit {
                keptUntilExit.withLock { $0.append((manifest, previous, caches, plan, nginx, archives)) }
            }
            return summary
        } catch {
            output.discard()
            throw error
        }
    }

    /// Fills the staging folder: images and archives (zipped on their own queue while the
    /// rest is written), codes.json, pages, nginx files, and last the cache that vouches for them.
    private static func writeOutput(plan: BuildPlan, archives: BulkArchives, nginx: NginxCompiler.Output,
                                    caches: (live: ImageCache, staging: ImageCache),
                                    options: BuildOptions, output: OutputDirectory) throws -> BuildSummary {
        let manifest = plan.manifest
        var clock = PhaseClock()
        // The staging folder's cache is removed before anything changes there: if this
        // build stops half way, the next one cannot trust a stale description.
        let cachePath = output.staging + "/" + ImageCache.fileName
        if caches.staging.isEmpty {
            try output.reset()
        } else {
            unlink(cachePath)
        }
        let modified = options.sourceDateEpoch ?? plan.latestChange ?? Lockfile.earliestZipTime
        // An image's timestamp moves only when the image does, so a destination edit
        // leaves every member of the archives as it was, and they are copied, not redone.
        let entryTimes = archives.images.map { options.sourceDateEpoch ?? plan.printedTimes[$0.code] ?? Lockfile.earliestZipTime }
        // The staging folder is cleared of what this build does not make (listing 100,000
        // images at 100,000 codes) while the keys are made: neither needs the other.
        let staging = output.staging
        let ((imageKeys, archiveKeys), presentFiles) = try Concurrently.run({ () -> ([String], [String]) in
            // A verified styled image is a different promise from an unverified one: a
            // --verify build checks images an earlier build made without it.
            let verified = options.verify ? Set(manifest.codes.indices.filter { !manifest.codes[$0].style.shapes.isPlain }) : []
            // A code's first image keeps the key it always had; its other formats add theirs.
            let imageKeys = Concurrently.map(archives.images) { image in
                rendererVersion + "|" + plan.appearance[image.code] + (image.isPrimary ? "" : "|" + image.format.rawValue)
                    + (verified.contains(image.code) ? "|verified" : "")
            }
            return (imageKeys, archives.keys(imageKeys: imageKeys, entryTimes: entryTimes, modified: modified))
        }, {
            try OutputWriter.prune(staging: staging, archives: archives)
        })
        let writer = OutputWriter(
            plan: plan, archives: archives, imageKeys: imageKeys, archiveKeys: archiveKeys,
            staging: staging, live: output.path, liveCache: caches.live, stagingCache: caches.staging,
            presentFiles: presentFiles, modified: modified, entryTimes: entryTimes, verify: options.verify, progress: options.progress)
        clock.lap("  keys and prune")
        var counts = (rendered: 0, reused: 0)
        // codes.json, pages, the nginx files and the cache's text are made on a worker while
        // the images are drawn: on their own they would leave a core idle.
        let cacheEntries = writer.cacheEntries
        let (zipping, cacheText) = try Concurrently.run({
            try writer.writeImages(counts: &counts)
        }, {
            try StagingFile.write(parts: CodeObject.listingParts(manifest, lockfile: plan.lockfile), to: staging + "/codes.json")
            try writePages(manifest: manifest, options: options, staging: staging)
            try FileManager.default.createDirectory(atPath: staging + "/nginx", withIntermediateDirectories: true)
            try StagingFile.write(nginx.httpBytes, to: staging + "/nginx/qrbuild-http.conf")
            try StagingFile.write(text: nginx.server, to: staging + "/nginx/qrbuild-server.conf")
            return ImageCache.text(cacheEntries)
        })
        clock.lap("  images, codes.json, pages, nginx")
        try zipping.finish()
        clock.lap("  archives")
        try options.writeSite?(manifest, plan.lockfile, staging, output.trustsLive ? output.path : nil)
        clock.lap("  site")
        // Written last: it vouches for everything above.
        try StagingFile.write(cacheText, to: cachePath)
        var summary = BuildSummary()
        summary.codes = manifest.codes.count
        (summary.rendered, summary.reused) = counts
        summary.archives = archives.groups.map(\.relativePath)
        return summary
    }

    /// Decodes and checks the manifest and lockfile without writing anything; returns the number of codes.
    public static func validate(manifestPath: String) throws(BuildError) -> Int {
        let manifest = try loadManifest(manifestPath)
        var options = BuildOptions(manifestPath: manifestPath, outputPath: "")
        options.allowReprint = false
        do {
            let previous = try Lockfile.load(from: options.lockfilePath)
            _ = try BuildPlan(manifest: manifest, previous: previous, now: 0, allowReprint: false)
        } catch let error as ManifestErrors {
            throw .invalidManifest(error)
        } catch let error as BuildError {
            throw error
        } catch {
            throw .io("\(error)")
        }
        return manifest.codes.count
    }

    /// `site/qr-pages/<id>.vcf|.html` for the dynamic codes that are not a plain redirect.
    private static func writePages(manifest: Manifest, options: BuildOptions, staging: String) throws {
        let pages = try SitePages(manifestFolder: PathName.parent(of: options.manifestPath))
        let folder = staging + "/site/qr-pages"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for code in manifest.codes {
            guard let page = pages.page(for: code) else { continue }
            try StagingFile.write(page.contents, to: folder + "/" + page.name)
        }
        if manifest.codes.contains(where: { $0.secure.contains(.password) }) {
            try StagingFile.write(Array(pages.unlockScript.utf8), to: folder + "/unlock.js")
        }
    }

    /// The nginx files alone, checked against nothing but the manifest.
    public static func compileNginx(manifestPath: String, options: NginxCompiler.Options, keySource: KeySource = KeySource()) throws(BuildError) -> NginxCompiler.Output {
        let manifest = try loadManifest(manifestPath).decryptingDestinations(key: try keySource.load(), file: PathName.name(of: manifestPath))
        do {
            return try NginxCompiler.compile(manifest, options: options, file: PathName.name(of: manifestPath))
        } catch {
            throw .invalidManifest(error)
        }
    }

    /// The manifest at `path`, decoded and checked (without the lockfile).
    public static func loadManifest(atPath path: String) throws(BuildError) -> Manifest {
        try loadManifest(path)
    }

    static func loadManifest(_ path: String) throws(BuildError) -> Manifest {
        // One copy of the file: reading into `Data` and converting would hold it twice
        // while a million-code manifest decodes.
        guard let bytes = StagingFile.read(path) else {
            throw .io("cannot read the manifest \(path): \(StagingFile.readFailure())")
        }
        do {
            var manifest = try ManifestDecoder.decodeStreaming(consume bytes, file: PathName.name(of: path))
            manifest.sourceName = PathName.name(of: path)
            try LogoLibrary.load(into: &manifest, folder: PathName.parent(of: path), file: manifest.sourceName)
            return manifest
        } catch {
            throw .invalidManifest(error)
        }
    }
}
