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
        let previous: Lockfile
        do {
            previous = try Lockfile.load(from: options.lockfilePath)
        } catch {
            throw .invalidManifest(error)
        }
        let now = options.sourceDateEpoch ?? Int(Date().timeIntervalSince1970)
        let plan = try BuildPlan(manifest: manifest, previous: previous, now: now, allowReprint: options.allowReprint)
        let output: OutputDirectory
        do {
            output = try OutputDirectory(path: options.outputPath)
        } catch {
            throw .io(error.description)
        }
        do {
            var summary = try writeOutput(plan: plan, options: options, staging: output.staging)
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

    static func loadManifest(_ path: String) throws(BuildError) -> Manifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io("cannot read the manifest \(path): \(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")")
        }
        do {
            return try ManifestDecoder.decode(Array(data), file: PathName.name(of: path)).manifest
        } catch {
            throw .invalidManifest(error)
        }
    }

    private static func writeOutput(plan: BuildPlan, options: BuildOptions, staging: String) throws -> BuildSummary {
        let manifest = plan.manifest
        let images = staging + "/images"
        try FileManager.default.createDirectory(atPath: images, withIntermediateDirectories: true)
        let previousCache = ImageCache.load(from: options.outputPath + "/" + cacheFile)
        let keys = plan.appearance.map { rendererVersion + "|" + $0 }
        let counts = Mutex((rendered: 0, reused: 0, done: 0))
        let failures = Mutex<[String]>([])
        let total = manifest.codes.count
        DispatchQueue.concurrentPerform(iterations: total) { index in
            let code = manifest.codes[index]
            let target = images + "/" + code.fileName
            let old = options.outputPath + "/images/" + code.fileName
            do {
                if previousCache[code.fileName] == keys[index], link(old, target) == 0 || copy(old, to: target) {
                    counts.withLock { $0.reused += 1 }
                } else {
                    try AtomicFile.write(try CodeRenderer.render(code, in: manifest), to: target)
                    counts.withLock { $0.rendered += 1 }
                }
            } catch {
                failures.withLock { $0.append("codes[\(code.index)] (\(code.fileName)): \(error)") }
            }
            let done = counts.withLock { state in
                state.done += 1
                return state.done
            }
            if done % 256 == 0 || done == total { options.progress?(done, total) }
        }
        let problems = failures.withLock { $0 }
        guard problems.isEmpty else { throw BuildError.io(problems.sorted().joined(separator: "\n")) }

        let objects = manifest.codes.map { code in
            CodeObject.make(code, manifest: manifest, lock: code.id.flatMap { plan.lockfile.entries[$0.key] })
        }
        try AtomicFile.write(Array(JSONWriter.pretty(.array(objects)).utf8), to: staging + "/codes.json")
        let archives = try BulkArchives.write(manifest: manifest, images: images, to: staging + "/bulk",
                                              modified: options.sourceDateEpoch ?? plan.lockfile.latestChange ?? 315_532_800)
        let cache = zip(manifest.codes, keys).map { ($0.0.fileName, $0.1) }
        try AtomicFile.write(Array(ImageCache.text(cache).utf8), to: staging + "/" + cacheFile)
        var summary = BuildSummary()
        summary.codes = total
        (summary.rendered, summary.reused) = counts.withLock { ($0.rendered, $0.reused) }
        summary.archives = archives
        return summary
    }

    private static func copy(_ source: String, to target: String) -> Bool {
        (try? FileManager.default.copyItem(atPath: source, toPath: target)) != nil
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
