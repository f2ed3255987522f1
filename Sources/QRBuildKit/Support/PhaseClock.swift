import Foundation

/// Prints how long each step of a build took to stderr when `QRBUILD_TIMINGS` is set:
/// where the time goes in a large build, without a profiler.
struct PhaseClock {
    private let enabled = ProcessInfo.processInfo.environment["QRBUILD_TIMINGS"] != nil
    private var last = DispatchTime.now().uptimeNanoseconds

    /// Notes the end of `phase`.
    mutating func lap(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        FileHandle.standardError.write(Data("qrbuild: timing: \(phase): \((now - last) / 1_000_000) ms\n".utf8))
        last = now
    }
}
