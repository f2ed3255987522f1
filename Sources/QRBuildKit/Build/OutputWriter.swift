import Dispatch
import Foundation
import QRLock

/// Brings a staging folder (the previous generation of the output) up to date with a
/// plan: images and bulk archives. A file is kept where it is when the staging folder's
/// cache says it is what the plan needs, linked from the live output when that one has
/// it, and made only otherwise.
struct OutputWriter {
    let plan: BuildPlan
    let archives: BulkArchives
    /// Per code, what decides its image bytes.
    let imageKeys: [String]
    /// Per archive group, what decides its bytes.
    let archiveKeys: [String]
    let staging: String
    /// The live output, whose files can be linked.
    let live: String
    let liveCache: ImageCache
    /// What the staging folder held when the build started (empty if it was reset); an
    /// entry counts only for a file `prune(staging:archives:)` left in place (`presentFiles`).
    let stagingCache: ImageCache
    /// What `prune(staging:archives:)` left: the images and archives in the staging folder,
    /// by their names in the caches.
    let presentFiles: Set<String>
    /// The timestamp of each `index.csv`.
    let modified: Int
    /// Per code, its image's timestamp in the archives.
    let entryTimes: [Int]
    /// Read styled images back with zbar (`--verify`).
    let verify: Bool
    let progress: (@Sendable (Int, Int) -> Void)?

    /// Images per chunk, and how many chunks are drawn beyond the one being written: about
    /// a thousand images ahead keeps the workers busy whenever they finish before the
    /// writer; small chunks keep the pipeline's start and end (one stage alone) short.
    /// Measured on 10,000 codes: 256 × 4 was 4% faster than 512 × 2 and than 256 × 2,
    /// and 128 × 8 no better.
    static let chunkSize = 256
    static let chunksAhead = 4

    /// The cache's name for the settings the archives' members were written with.
    static let membersCacheName = "bulk/.members"

    /// The cache lines for everything this writer placed.
    var cacheEntries: [(file: String, key: String)] {
        zip(archives.fileNames, imageKeys).map { ($0.0, $0.1) }
            + zip(archives.groups, archiveKeys).map { ($0.0.relativePath, $0.1) }
            + [(Self.membersCacheName, ZipMemberWriter.settingsKey)]
    }

    /// Removes from the staging folder everything `archives` do not produce, so that
    /// nothing from an older generation comes back: every top-level entry but `images`
    /// and `bulk` (codes.json, nginx, site are written afresh), and unexpected entries in
    /// those two (anything but a regular file by a name the build makes). Returns the
    /// files left, by their names in the caches.
    ///
    /// Complexity: O(n) in the number of entries.
    static func prune(staging: String, archives: BulkArchives) throws -> Set<String> {
        for entry in DirectoryListing.entries(of: staging) where entry.name != "images" && entry.name != "bulk" {
            try SafeTree.remove(staging + "/" + entry.name)
        }
        var present = Set<String>()
        let wanted = Set(archives.fileNames)
        let zips = Set(archives.groups.map(\.relativePath))
        for folder in ["images", "bulk"] {
            let path = staging + "/" + folder
            // Only qrbuild's own folders of regular files are kept: anything else (a link
            // from a pull request, say) is removed as what it is, never followed.
            if SafeTree.kind(of: path) != .directory { try SafeTree.remove(path) }
            for entry in DirectoryListing.entries(of: path) {
                let cacheName = folder == "images" ? entry.name : "bulk/" + entry.name
                if entry.isRegularFile, folder == "images" ? wanted.contains(cacheName) : zips.contains(cacheName) {
                    present.insert(cacheName)
                } else {
                    try SafeTree.remove(path + "/" + entry.name)
                }
            }
            if mkdir(path, 0o755) != 0, errno != EEXIST { throw FileError.fromErrno("create the folder", path) }
        }
        return present
    }

    /// Renders (or keeps) every image, in file-name order, a chunk at a time on all cores,
    /// and feeds the archives that must be rewritten on a queue of their own. Returns once
    /// the images are in place; `ArchiveQueue.finish()` waits for the archives.
    ///
    /// A pipeline: while the workers draw the next chunks and zip them into members, this
    /// thread writes the chunk before them. Files are created on this thread only: threads
    /// creating files in one folder contend for its lock in the kernel, which cost more
    /// than it saved (measured).
    func writeImages(counts: inout (rendered: Int, reused: Int)) throws -> ArchiveQueue {
        let queue = try archiveQueue()
        let earlier = queue.isRewritingAny ? previousMembers() : [:]
        let order = archives.groups.first?.members ?? []
        let images = try StagingFolder(path: staging + "/images")
        var done = 0
        var drawing: [RenderStage] = []
        var nextStart = 0
        while true {
            while drawing.count <= Self.chunksAhead, nextStart < order.count {
                let chunk = Array(order[nextStart..<min(nextStart + Self.chunkSize, order.count)])
                drawing.append(RenderStage(chunk: chunk, writer: self, earlier: earlier, queue: queue))
                nextStart += chunk.count
            }
            guard !drawing.isEmpty else { break }
            let stage = drawing.removeFirst()
            let (drawn, entries) = try stage.result()
            for (position, index) in stage.chunk.enumerated() {
                if let fresh = drawn[position] {
                    try images.write(fresh, named: archives.fileNames[index])
                    counts.rendered += 1
                } else {
                    counts.reused += 1
                }
            }
            queue.add(entries)
            done += stage.chunk.count
            progress?(done, order.count)
        }
        return queue
    }

    /// Draws the images of `code`s at `indices` (nil where `ready`), on all cores.
    fileprivate func render(_ indices: [Int], ready: [Bool]) -> Result<[[UInt8]?], BuildError> {
        let manifest = plan.manifest
        let rendered = Locked([[UInt8]?](repeating: nil, count: indices.count))
        let failures = Locked<[(message: String, unprintable: Bool)]>([])
        let verify = self.verify
        DispatchQueue.concurrentPerform(iterations: indices.count) { position in
            guard !ready[position] else { return }
            let image = archives.images[indices[position]]
            let code = manifest.codes[image.code]
            do {
                let bytes = try CodeRenderer.render(code, as: image.format, in: manifest, verify: verify)
                rendered.withLock { $0[position] = bytes }
            } catch {
                let place = "codes[\(code.index)] (\(code.fileName(image.format)))"
                let unprintable = error as? CodeRenderer.Unprintable
                let message = unprintable?.isPlaced == true ? "\(error)" : "\(place): \(error)"
                failures.withLock { $0.append((message, unprintable != nil)) }
            }
        }
        let problems = failures.withLock { $0 }
        guard problems.isEmpty else {
            let text = problems.map(\.message).sorted()
            return .failure(problems.allSatisfy(\.unprintable) ? .unprintable(text) : .io(text.joined(separator: "\n")))
        }
        return .success(rendered.withLock { $0 })
    }

    /// The archive entries for a chunk: members copied from the last build's `all.zip`
    /// where the image and its timestamp are unchanged, made afresh (on all cores) otherwise.
    fileprivate func members(chunk: [Int], images: [[UInt8]?], earlier: [String: ZipMember],
                             queue: ArchiveQueue) throws -> [ArchiveQueue.Entry] {
        guard queue.isRewritingAny else { return [] }
        var members = [ZipMember?](repeating: nil, count: chunk.count)
        var fresh: [(position: Int, file: ZipMemberWriter.File)] = []
        for (position, index) in chunk.enumerated() {
            let stored = archives.images[index].format == .png
            let fileName = archives.fileNames[index]
            if let member = earlier[fileName], liveCache[fileName] == imageKeys[index],
               member.modified == entryTimes[index], member.method == (stored ? 0 : 8) {
                members[position] = member
                continue
            }
            let path = staging + "/images/" + fileName
            guard let bytes = images[position] ?? StagingFile.read(path) else { throw FileError.fromErrno("read", path) }
            fresh.append((position, .init(name: fileName, contents: bytes, stored: stored, modified: entryTimes[index])))
        }
        let batches = stride(from: 0, to: fresh.count, by: 64).map { Array(fresh[$0..<min($0 + 64, fresh.count)]) }
        let made = Concurrently.map(batches) { batch in
            Result { () throws(ArchiveError) in try ZipMemberWriter.members(of: batch.map(\.file), label: "bulk/all.zip") }
        }
        for (batch, result) in zip(batches, made) {
            let result = try result.get()
            guard result.count == batch.count else {
                throw ArchiveError(path: "bulk/all.zip", operation: "libarchive", message: "wrote an unexpected number of members")
            }
            for (item, member) in zip(batch, result) { members[item.position] = member }
        }
        return zip(chunk, members).compactMap { index, member in
            let groups = archives.membership[index].filter { queue.isRewriting($0) }
            guard let member, !groups.isEmpty else { return nil }
            return ArchiveQueue.Entry(member: member, groups: groups)
        }
    }

    /// The members of the live output's `all.zip`, by name, if they can be trusted: the
    /// live cache vouches for that archive, and it was written with today's settings.
    private func previousMembers() -> [String: ZipMember] {
        guard liveCache[Self.membersCacheName] == ZipMemberWriter.settingsKey, liveCache["bulk/all.zip"] != nil,
              let bytes = ZipBytes(mapping: live + "/bulk/all.zip"),
              let members = try? ZipDirectory.members(of: bytes) else { return [:] }
        var byName: [String: ZipMember] = [:]
        byName.reserveCapacity(members.count)
        for member in members { byName[member.name] = member }
        return byName
    }

    /// Puts a code's image in place without drawing it, if it can: true if it is there.
    fileprivate func place(_ index: Int) -> Bool {
        let name = archives.fileNames[index]
        // An image a --verify build checked serves a build that does not check.
        return keep(name, at: "images/" + name, key: imageKeys[index], orVerified: !imageKeys[index].hasSuffix("|verified"))
    }

    /// True if the file at `relativePath`, listed as `cacheName` in the caches, is in the
    /// staging folder with `key`: there already, or linked from the live output. Otherwise
    /// the staging copy is gone and the caller makes the file.
    private func keep(_ cacheName: String, at relativePath: String, key: String, orVerified: Bool = false) -> Bool {
        let present = presentFiles.contains(cacheName)
        func matches(_ cached: String?) -> Bool { cached == key || (orVerified && cached == key + "|verified") }
        if present, matches(stagingCache[cacheName]) { return true }
        let target = staging + "/" + relativePath
        // Never write through a hard link into the live output: unlink first.
        if present { unlink(target) }
        return matches(liveCache[cacheName]) && link(live + "/" + relativePath, target) == 0
    }

    /// One assembler per archive that must be rewritten; nil where the archive is in place.
    /// Each `index.csv` is zipped and added first on the archive queue, beside the images.
    private func archiveQueue() throws -> ArchiveQueue {
        let groups = zip(archives.groups, archiveKeys).map { group, key in
            keep(group.relativePath, at: group.relativePath, key: key) ? nil : group
        }
        let queue = ArchiveQueue(assemblers: try groups.map { group in
            try group.map { try ZipAssembler(path: staging + "/" + $0.relativePath) }
        })
        let modified = modified
        for (index, group) in groups.enumerated() {
            guard let group else { continue }
            queue.add {
                let file = ZipMemberWriter.File(name: "index.csv", contents: group.index, stored: false, modified: modified)
                return try ZipMemberWriter.members(of: [file], label: group.relativePath).map { .init(member: $0, groups: [index]) }
            }
        }
        return queue
    }

}

/// One chunk of images being drawn, and zipped into members, on the Dispatch workers
/// while the previous chunk is written out.
private final class RenderStage: Sendable {
    typealias Output = (images: [[UInt8]?], entries: [ArchiveQueue.Entry])
    let chunk: [Int]
    private let group = DispatchGroup()
    private let output = Locked<Result<Output, any Error>?>(nil)

    /// Puts in place what can be kept (on this thread: it links files), then starts drawing the rest.
    init(chunk: [Int], writer: OutputWriter, earlier: [String: ZipMember], queue: ArchiveQueue) {
        self.chunk = chunk
        let ready = chunk.map(writer.place)
        DispatchQueue.global().async(group: group) { [self] in
            let result = Result { () throws -> Output in
                let images = try writer.render(chunk, ready: ready).get()
                return (images, try writer.members(chunk: chunk, images: images, earlier: earlier, queue: queue))
            }
            output.withLock { $0 = result }
        }
    }

    /// The chunk's images (nil for those kept) and archive entries, once made.
    func result() throws -> Output {
        group.wait()
        guard let result = output.withLock({ $0 }) else { throw BuildError.io("a chunk of images was never drawn") }
        return try result.get()
    }
}
