import Dispatch
import Synchronization

/// Feeds images into the bulk archives on a serial queue of its own, so zipping runs
/// beside rendering and beside writing `codes.json`, instead of after them.
final class ArchiveQueue: @unchecked Sendable {
    // @unchecked: `writers` is touched only on `queue` (and in `init`/`finish` after it drains).

    /// One image on its way into one or more archives.
    struct Entry: Sendable {
        let fileName: String
        /// The image, or nil to read it from the staging folder (an image kept or linked).
        let bytes: [UInt8]?
        let stored: Bool
        /// The archive groups to add it to.
        let groups: [Int]
    }

    private let writers: [ZipWriter?]
    private let staging: String
    private let queue = DispatchQueue(label: "qrbuild.archives")
    private let group = DispatchGroup()
    private let failure = Mutex<(any Error)?>(nil)

    init(writers: [ZipWriter?], staging: String) throws {
        self.writers = writers
        self.staging = staging
    }

    /// True if archive group `index` is being written (not kept from before).
    func isRewriting(_ index: Int) -> Bool { writers[index] != nil }

    /// Queues a chunk of entries, in order.
    func add(_ entries: [Entry]) {
        guard !entries.isEmpty else { return }
        queue.async(group: group) { [self] in
            guard failure.withLock({ $0 == nil }) else { return }
            do {
                for entry in entries {
                    let path = staging + "/images/" + entry.fileName
                    guard let bytes = entry.bytes ?? StagingFile.read(path) else {
                        throw FileError.fromErrno("read", path)
                    }
                    for index in entry.groups {
                        try writers[index]?.add(name: entry.fileName, contents: bytes, stored: entry.stored)
                    }
                }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
    }

    /// Waits for the queued entries, then closes every archive; rethrows the first failure.
    func finish() throws {
        group.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        for writer in writers { try writer?.close() }
    }
}
