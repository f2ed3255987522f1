import Foundation

/// Prints how long each step of a build took to stderr when `QRBUILD_TIMINGS` is set:
/// where the time goes in a large build, without a profiler. Each line gives wall time
/// and the CPU time of all threads, so a step that leaves cores idle shows up as one
/// whose CPU time is not a multiple of its wall time.
public struct PhaseClock {
    private let enabled = ProcessInfo.processInfo.environment["QRBUILD_TIMINGS"] != nil
    private var last = DispatchTime.now().uptimeNanoseconds
    private var lastCPU = Self.processCPUNanoseconds()

    public init() {}

    /// Notes the end of `phase`.
    public mutating func lap(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let cpu = Self.processCPUNanoseconds()
        let line = "qrbuild: timing: \(phase): \((now - last) / 1_000_000) ms (cpu \((cpu - lastCPU) / 1_000_000) ms)\n"
        FileHandle.standardError.write(Data(line.utf8))
        last = now
        lastCPU = cpu
    }

    private static func processCPUNanoseconds() -> UInt64 {
        var time = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time) == 0 else { return 0 }
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
