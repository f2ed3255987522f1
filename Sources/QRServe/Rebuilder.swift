import Foundation
import QRLock

/// Rebuilds the output after writes, so a change made through the API goes live: a burst
/// of writes is one rebuild (each request only marks the output stale; one thread builds
/// while writes keep coming, then once more if any came during the build).
public final class Rebuilder: Sendable {
    private struct State {
        var running = false
        var pending = false
    }

    private let state = Locked(State())
    private let rebuild: @Sendable () -> Void
    /// How long a write waits for others to join its rebuild.
    private let gather: Duration

    /// `rebuild` builds and runs the after-build command; it reports its own outcome.
    public init(gather: Duration = .milliseconds(100), rebuild: @escaping @Sendable () -> Void) {
        self.gather = gather
        self.rebuild = rebuild
    }

    /// Marks the output stale; starts a rebuild unless one is running (which then runs again).
    public func request() {
        let start = state.withLock { state -> Bool in
            state.pending = true
            guard !state.running else { return false }
            state.running = true
            return true
        }
        guard start else { return }
        let gather = gather, rebuild = rebuild
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: Double(gather.components.seconds) + Double(gather.components.attoseconds) / 1e18)
                let more = state.withLock { state -> Bool in
                    guard state.pending else {
                        state.running = false
                        return false
                    }
                    state.pending = false
                    return true
                }
                guard more else { return }
                rebuild()
            }
        }
    }

    /// Waits until no rebuild is running or pending (for a graceful stop).
    public func waitUntilIdle() {
        while state.withLock({ $0.running || $0.pending }) { Thread.sleep(forTimeInterval: 0.02) }
    }
}
