import Dispatch
import QRLock

/// Copies members into the bulk archives on a serial queue of its own, so writing the
/// archives runs beside rendering and beside writing `codes.json`, instead of after them.
final class ArchiveQueue: @unchecked Sendable {
    // @unchecked: `assemblers` are touched only on `queue` (and in `finish` after it drains).

    /// One image's member on its way into one or more archives.
    struct Entry: Sendable {
        let member: ZipMember
        /// The archive groups to add it to.
        let groups: [Int]
    }

    private let assemblers: [ZipAssembler?]
    private let queue = DispatchQueue(label: "qrbuild.archives")
    private let group = DispatchGroup()
    private let failure = Locked<(any Error)?>(nil)

    /// `assemblers[i]` writes archive group i, or is nil where the archive is kept as it is.
    init(assemblers: [ZipAssembler?]) {
        self.assemblers = assemblers
    }

    /// True if archive group `index` is being written (not kept from before).
    func isRewriting(_ index: Int) -> Bool { assemblers[index] != nil }

    var isRewritingAny: Bool { assemblers.contains { $0 != nil } }

    /// Queues a chunk of entries, in order.
    func add(_ entries: [Entry]) {
        guard !entries.isEmpty else { return }
        add { entries }
    }

    /// Queues entries that `make` makes on the queue itself, after everything queued before.
    func add(_ make: @escaping @Sendable () throws -> [Entry]) {
        queue.async(group: group) { [self] in
            guard failure.withLock({ $0 == nil }) else { return }
            do {
                for entry in try make() {
                    for index in entry.groups { try assemblers[index]?.append(entry.member) }
                }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
    }

    /// Waits for the queued entries, then finishes every archive; rethrows the first failure.
    func finish() throws {
        group.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        for assembler in assemblers { try assembler?.finish() }
    }
}
