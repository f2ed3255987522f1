import Dispatch
import QRLock

/// Runs independent pieces of a build at the same time, on the cores Dispatch has.
public enum Concurrently {
    /// Runs `first` and `second` at once and returns both results; rethrows the first
    /// error in argument order once both have finished.
    ///
    /// `first` runs on the calling thread and `second` on a Dispatch worker, not both in
    /// a `concurrentPerform`: Dispatch runs a `concurrentPerform` nested in another one
    /// serially, which had left every parallel loop inside a build on one core (measured).
    ///
    /// Complexity: the slower of the two, when two cores are free.
    public static func run<A: Sendable, B: Sendable>(
        _ first: () throws -> A,
        _ second: @escaping @Sendable () throws -> B
    ) throws -> (A, B) {
        let secondResult = Locked<Result<B, any Error>?>(nil)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let result = Result { try second() }
            secondResult.withLock { $0 = result }
        }
        let a = Result { try first() }
        group.wait()
        guard let b = secondResult.withLock({ $0 }) else {
            preconditionFailure("the group finished before the second part ran")
        }
        return (try a.get(), try b.get())
    }

    /// `transform` applied to every element, in slices spread over the cores; order kept.
    ///
    /// Complexity: O(n) work, split over the cores.
    public static func map<Element: Sendable, Mapped: Sendable>(
        _ elements: [Element], _ transform: @Sendable (Element) -> Mapped
    ) -> [Mapped] {
        let ranges = parts(of: elements.count, count: 64)
        guard ranges.count > 1 else { return elements.map(transform) }
        let slices = Locked([[Mapped]](repeating: [], count: ranges.count))
        DispatchQueue.concurrentPerform(iterations: ranges.count) { slice in
            let mapped = elements[ranges[slice]].map(transform)
            slices.withLock { $0[slice] = mapped }
        }
        return slices.withLock { $0.flatMap { $0 } }
    }

    /// `0..<total` cut into at most `count` consecutive ranges of near-equal length, none
    /// empty: the parts of a job spread over the cores.
    public static func parts(of total: Int, count: Int) -> [Range<Int>] {
        let partCount = max(0, min(total, count))
        return (0..<partCount).map { (total * $0 / partCount)..<(total * ($0 + 1) / partCount) }
    }
}
