import Dispatch
import Foundation
import QRCore
import QRPayload
import QRRender
import Synchronization

/// What to build and how.
public struct BuildOptions: Sendable {
    public var manifestPath: String
    public var outputPath: String
    /// Let published dynamic codes' images change (new prints will differ from old ones).
    public var allowReprint = false
    /// Seconds since 1970 for timestamps that would otherwise be "now" (`SOURCE_DATE_EPOCH`).
    public var sourceDateEpoch: Int?
    /// Where the generated nginx files point nginx.
    public var nginx = NginxCompiler.Options()
    /// The key for encrypted destinations.
    public var keySource = KeySource()
    /// Called now and then with (images done, images in all), from any thread.
    public var progress: (@Sendable (Int, Int) -> Void)?

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
    /// Bumped whenever rendering changes, so cached images from older versions are redone.
    static let rendererVersion = "qrbuild-render-1"
    static let cacheFile = ".qrbuild-cache"

    public static func build(_ options: BuildOptions) throws(BuildError) -> BuildSummary {
        let manifest = try loadManifest(options.manifestPath)
            .decryptingDestinations(key: try options.keySource.load(), file: PathName.name(of: options.manifestPath))
        let previous: Lockfile
        do {
            previous = try Lockfile.load(from: options.lockfilePath)
        } catch {
            throw .invalidManifest(error)
        }
        let now = options.sourceDateEpoch ?? Int(Date().timeIntervalSince1970)
        let plan = try BuildPlan(manifest: manifest, previous: previous, now: now, allowReprint: options.allowReprint)
        let nginx: NginxCompiler.Output
        do {
            nginx = try NginxCompiler.compile(manifest, options: options.nginx, file: PathName.name(of: options.manifestPath))
        } catch {
            throw .invalidManifest(error)
        }
        let output: OutputDirectory
        do {
            output = try OutputDirectory(path: options.outputPath)
        } catch {
            throw .io(error.description)
        }
        do {
            var summary = try writeOutput(plan: plan, options: options, staging: output.staging)
            try writePages(manifest: manifest, options: options, staging: output.staging)
            try FileManager.default.createDirectory(atPath: output.staging + "/nginx", withIntermediateDirectories: true)
            try StagingFile.write(Array(nginx.http.utf8), to: output.staging + "/nginx/qrbuild-http.conf")
            try StagingFile.write(Array(nginx.server.utf8), to: output.staging + "/nginx/qrbuild-server.conf")
            summary.published = manifest.codes.compactMap { code in
                code.id.flatMap { previous.entries[$0.key] == nil ? $0.text : nil }
            }
            try output.commit()
            if plan.lockfile != previous {
                try AtomicFile.write(Array(plan.lockfile.text.utf8), to: options.lockfilePath)
            }
            return summary
        } catch let error as BuildError {
            output.discard()
            throw error
        } catch let error as FileError {
            output.discard()
            throw .io(error.description)
        } catch {
            output.discard()
            throw .io("\(error)")
        }
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

    static func loadManifest(_ path: String) throws(BuildError) -> Manifest {
        // One copy of the file: reading into `Data` and converting would hold it twice
        // while a million-code manifest decodes.
        guard let bytes = StagingFile.read(path) else {
            throw .io("cannot read the manifest \(path): \(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")")
        }
        do {
            return try ManifestDecoder.decodeStreaming(bytes, file: PathName.name(of: path))
        } catch {
            throw .invalidManifest(error)
        }
    }

    /// Renders (or reuses) every image and streams each, once, into every archive that
    /// holds it: images in sorted order, rendered a chunk at a time on all cores.
    private static func writeOutput(plan: BuildPlan, options: BuildOptions, staging: String) throws -> BuildSummary {
        let manifest = plan.manifest
        let images = staging + "/images"
        try FileManager.default.createDirectory(atPath: images, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: staging + "/bulk", withIntermediateDirectories: true)
        let previous = ImageCache.load(from: options.outputPath + "/" + cacheFile)
        let keys = plan.appearance.map { rendererVersion + "|" + $0 }
        let modified = options.sourceDateEpoch ?? plan.lockfile.latestChange ?? 315_532_800
        let archives = BulkArchives(manifest: manifest, imageKeys: keys, modified: modified)

        // Archives whose contents did not change are linked from the previous output.
        var writers: [ZipWriter?] = []
        for group in archives.groups {
            let old = options.outputPath + "/" + group.relativePath
            let target = staging + "/" + group.relativePath
            if previous[group.relativePath] == group.key, link(old, target) == 0 {
                writers.append(nil)
            } else {
                let writer = try ZipWriter(path: target, modified: modified)
                try writer.add(name: "index.csv", contents: group.index, stored: false)
                writers.append(writer)
            }
        }
        let rewriting = writers.map { $0 != nil }
        let order = manifest.codes.indices.sorted { manifest.codes[$0].fileName < manifest.codes[$1].fileName }
        var renderedCount = 0
        var reusedCount = 0
        let failures = Mutex<[String]>([])
        var done = 0
        for chunkStart in stride(from: 0, to: order.count, by: 512) {
            let chunk = Array(order[chunkStart..<min(chunkStart + 512, order.count)])
            // Render in parallel; create files on this thread only: threads creating files in
            // one folder contend for its lock in the kernel, which cost more than it saved (measured).
            let reusable = chunk.map { previous[manifest.codes[$0].fileName] == keys[$0] }
            let rendered = Mutex([[UInt8]?](repeating: nil, count: chunk.count))
            DispatchQueue.concurrentPerform(iterations: chunk.count) { position in
                guard !reusable[position] else { return }
                let code = manifest.codes[chunk[position]]
                do {
                    let bytes = try CodeRenderer.render(code, in: manifest)
                    rendered.withLock { $0[position] = bytes }
                } catch {
                    failures.withLock { $0.append("codes[\(code.index)] (\(code.fileName)): \(error)") }
                }
            }
            let problems = failures.withLock { $0 }
            guard problems.isEmpty else { throw BuildError.io(problems.sorted().joined(separator: "\n")) }
            let chunkBytes = rendered.withLock { $0 }
            for (position, index) in chunk.enumerated() {
                let code = manifest.codes[index]
                let target = images + "/" + code.fileName
                let needsBytes = archives.membership[index].contains { rewriting[$0] }
                let bytes: [UInt8]
                if let fresh = chunkBytes[position] {
                    try StagingFile.write(fresh, to: target)
                    renderedCount += 1
                    bytes = fresh
                } else if link(options.outputPath + "/images/" + code.fileName, target) == 0,
                          let kept = needsBytes ? StagingFile.read(target) : [] {
                    // Unchanged: the previous file, linked; read only if an archive needs it.
                    reusedCount += 1
                    bytes = kept
                } else {
                    // The previous image was missing or unreadable: draw it again. Unlink first,
                    // so a write never goes through a hard link into the previous output.
                    unlink(target)
                    let fresh = try CodeRenderer.render(code, in: manifest)
                    try StagingFile.write(fresh, to: target)
                    renderedCount += 1
                    bytes = fresh
                }
                for group in archives.membership[index] {
                    try writers[group]?.add(name: code.fileName, contents: bytes, stored: code.returnType == .png)
                }
            }
            done += chunk.count
            options.progress?(done, order.count)
        }
        for writer in writers { try writer?.close() }

        let objects = manifest.codes.map { code in
            CodeObject.make(code, manifest: manifest, lock: code.id.flatMap { plan.lockfile.entries[$0.key] })
        }
        try StagingFile.write(Array(JSONWriter.pretty(.array(objects)).utf8), to: staging + "/codes.json")
        let cache = zip(manifest.codes, keys).map { ($0.0.fileName, $0.1) } + archives.groups.map { ($0.relativePath, $0.key) }
        try StagingFile.write(Array(ImageCache.text(cache).utf8), to: staging + "/" + cacheFile)
        var summary = BuildSummary()
        summary.codes = manifest.codes.count
        (summary.rendered, summary.reused) = (renderedCount, reusedCount)
        summary.archives = archives.groups.map(\.relativePath)
        return summary
    }
}

/// Which inputs produced each image of the previous build: `file<TAB>key` lines.
enum ImageCache {
    static func load(from path: String) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var entries: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            if fields.count == 2 { entries[String(fields[0])] = String(fields[1]) }
        }
        return entries
    }

    static func text(_ entries: [(String, String)]) -> String {
        entries.sorted { $0.0 < $1.0 }.map { "\($0.0)\t\($0.1)\n" }.joined()
    }
}

/// One code's image, as its style and return type say.
enum CodeRenderer {
    static func render(_ code: Manifest.Code, in manifest: Manifest) throws -> [UInt8] {
        let options = QREncodingOptions(errorCorrectionLevel: code.style.errorCorrection)
        let symbol = try QRCode.encode(text: manifest.encodedText(of: code), options: options)
        let style = RenderStyle(margin: code.style.margin, foreground: code.style.foreground, background: code.style.background)
        switch code.returnType {
        case .svg: return Array(SVGRenderer(style: style).render(symbol).utf8)
        case .png: return try PNGRenderer(style: style, scale: .pixelsPerModule(code.style.scale)).render(symbol)
        }
    }
}
