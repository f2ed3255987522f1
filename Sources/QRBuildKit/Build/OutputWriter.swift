import Dispatch
import Foundation
import Synchronization

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
    /// What the staging folder held when the build started (empty if it was reset); after
    /// `prune()`, only the files that are still there.
    var stagingCache: ImageCache
    let modified: Int
    let progress: (@Sendable (Int, Int) -> Void)?

    /// The cache lines for everything this writer placed.
    var cacheEntries: [(file: String, key: String)] {
        zip(plan.manifest.codes, imageKeys).map { ($0.0.fileName, $0.1) }
            + zip(archives.groups, archiveKeys).map { ($0.0.relativePath, $0.1) }
    }

    /// Removes from the staging folder everything the plan does not produce, so that
    /// nothing from an older generation comes back: every top-level entry but `images`
    /// and `bulk` (codes.json, nginx, site are written afresh), and unexpected files in those two.
    ///
    /// Complexity: O(n) in the number of entries.
    mutating func prune() throws {
        for entry in DirectoryListing.entries(of: staging) where entry.name != "images" && entry.name != "bulk" {
            try remove(staging + "/" + entry.name)
        }
        var present = Set<String>()
        let wanted = Set(plan.manifest.codes.map(\.fileName))
        for entry in DirectoryListing.entries(of: staging + "/images") {
            if entry.isDirectory || !wanted.contains(entry.name) {
                try remove(staging + "/images/" + entry.name)
            } else {
                present.insert(entry.name)
            }
        }
        let zips = Set(archives.groups.map(\.relativePath))
        for entry in DirectoryListing.entries(of: staging + "/bulk") {
            if entry.isDirectory || !zips.contains("bulk/" + entry.name) {
                try remove(staging + "/bulk/" + entry.name)
            } else {
                present.insert("bulk/" + entry.name)
            }
        }
        stagingCache = stagingCache.restricted(to: present)
        try FileManager.default.createDirectory(atPath: staging + "/images", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: staging + "/bulk", withIntermediateDirectories: true)
    }

    /// Renders (or keeps) every image, in file-name order, a chunk at a time on all cores,
    /// and feeds the archives that must be rewritten on a queue of their own. Returns once
    /// the images are in place; `ArchiveQueue.finish()` waits for the archives.
    func writeImages(counts: inout (rendered: Int, reused: Int)) throws -> ArchiveQueue {
        let manifest = plan.manifest
        let queue = try ArchiveQueue(writers: archiveWriters(), staging: staging)
        let failures = Mutex<[String]>([])
        let order = archives.groups.first?.members ?? []
        var done = 0
        for chunkStart in stride(from: 0, to: order.count, by: 512) {
            let chunk = Array(order[chunkStart..<min(chunkStart + 512, order.count)])
            let ready = chunk.map(place)
            // Render in parallel; create files on this thread only: threads creating files in
            // one folder contend for its lock in the kernel, which cost more than it saved (measured).
            let rendered = Mutex([[UInt8]?](repeating: nil, count: chunk.count))
            DispatchQueue.concurrentPerform(iterations: chunk.count) { position in
                guard !ready[position] else { return }
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
            var entries: [ArchiveQueue.Entry] = []
            for (position, index) in chunk.enumerated() {
                let code = manifest.codes[index]
                if let fresh = chunkBytes[position] {
                    try StagingFile.write(fresh, to: staging + "/images/" + code.fileName)
                    counts.rendered += 1
                } else {
                    counts.reused += 1
                }
                let groups = archives.membership[index].filter { queue.isRewriting($0) }
                if !groups.isEmpty {
                    entries.append(.init(fileName: code.fileName, bytes: chunkBytes[position], stored: code.returnType == .png, groups: groups))
                }
            }
            queue.add(entries)
            done += chunk.count
            progress?(done, order.count)
        }
        return queue
    }

    /// Puts a code's image in place without drawing it, if it can: true if it is there.
    private func place(_ index: Int) -> Bool {
        let name = plan.manifest.codes[index].fileName
        return keep(name, at: "images/" + name, key: imageKeys[index])
    }

    /// True if the file at `relativePath`, listed as `cacheName` in the caches, is in the
    /// staging folder with `key`: there already, or linked from the live output. Otherwise
    /// the staging copy is gone and the caller makes the file.
    private func keep(_ cacheName: String, at relativePath: String, key: String) -> Bool {
        if stagingCache[cacheName] == key { return true }
        let target = staging + "/" + relativePath
        // Never write through a hard link into the live output: unlink first.
        unlink(target)
        return liveCache[cacheName] == key && link(live + "/" + relativePath, target) == 0
    }

    /// One writer per archive that must be rewritten; nil where the archive is in place.
    private func archiveWriters() throws -> [ZipWriter?] {
        try zip(archives.groups, archiveKeys).map { group, key -> ZipWriter? in
            if keep(group.relativePath, at: group.relativePath, key: key) { return nil }
            let target = staging + "/" + group.relativePath
            let writer = try ZipWriter(path: target, modified: modified)
            try writer.add(name: "index.csv", contents: group.index, stored: false)
            return writer
        }
    }

    private func remove(_ path: String) throws {
        if unlink(path) != 0 { try FileManager.default.removeItem(atPath: path) }
    }
}
