import Dispatch
import QRBuildKit
import QRLock

/// `ingest`'s progress on standard error, at most twice a second: lines, MB/s and, for a
/// plain log whose size is known, the time left.
final class IngestProgress: Sendable {
    private struct State {
        var path = ""
        var started: UInt64 = 0
        var shown: UInt64 = 0
        var open = false
    }

    private let state = Locked(State())

    func report(path: String, bytes: Int, size: Int?, lines: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        let line: String? = state.withLock { state in
            if state.path != path {
                state = State(path: path, started: now, shown: 0, open: state.open)
            }
            let done = size.map { bytes >= $0 } ?? false
            guard done || now - state.shown >= 500_000_000 else { return nil }
            state.shown = now
            let seconds = max(Double(now - state.started) / 1e9, 0.001)
            let rate = Double(bytes) / 1e6 / seconds
            var text = "reading \(path): \(lines) lines, \(Int(rate)) MB/s"
            if let size, size > bytes, rate > 0 { text += ", \(Int(Double(size - bytes) / 1e6 / rate) + 1) s left" }
            state.open = !done
            return "\r" + TerminalText.printable(text) + (done ? "\n" : "   ")
        }
        if let line { StandardStream.writeError(line) }
    }

    /// Ends a progress line left open (a compressed log, whose size is not known).
    func finish() {
        let open = state.withLock { state in
            defer { state.open = false }
            return state.open
        }
        if open { StandardStream.writeError("\n") }
    }
}
