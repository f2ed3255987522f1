import Dispatch

/// Writes commits to the store on a serial queue of its own, in order, while the next
/// blocks are parsed: at most one commit waits, so memory stays flat.
final class CommitQueue: @unchecked Sendable {
    // @unchecked: everything mutable is touched only on `queue`, or after `group.wait()`.
    private let store: AnalyticsStore
    private let codes: [String]
    private let queue = DispatchQueue(label: "qrbuild.ingest.writer")
    private let group = DispatchGroup()
    /// The log's row in the store, once the first commit has made it.
    private var logID: Int64?
    private var failure: (any Error)?

    init(store: AnalyticsStore, codes: [String], logID: Int64?) {
        self.store = store
        self.codes = codes
        self.logID = logID
    }

    /// Queues `commit` (its log's row id is filled in here).
    func submit(_ commit: AnalyticsStore.Commit) {
        queue.async(group: group) { [self] in
            guard failure == nil else { return }
            var commit = commit
            commit.log.id = logID
            do {
                logID = try store.commit(commit, codes: codes)
            } catch {
                failure = error
            }
        }
    }

    /// Waits for the queued commit; rethrows its failure.
    func waitForLast() throws {
        group.wait()
        if let failure { throw failure }
    }
}
