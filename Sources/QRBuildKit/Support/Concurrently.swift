import Dispatch
import Synchronization

/// Runs independent pieces of a build at the same time, on the cores Dispatch has.
public enum Concurrently {
    /// Runs `first` and `second` at once and returns both results; rethrows the first
    /// error in argument order once both have finished.
    ///
    /// Complexity: the slower of the two, when two cores are free.
    public static func run<A: Sendable, B: Sendable>(
        _ first: @Sendable () throws -> A,
        _ second: @Sendable () throws -> B
    ) throws -> (A, B) {
        let firstResult = Mutex<Result<A, any Error>?>(nil)
        let secondResult = Mutex<Result<B, any Error>?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                let result = Result { try first() }
                firstResult.withLock { $0 = result }
            } else {
                let result = Result { try second() }
                secondResult.withLock { $0 = result }
            }
        }
        guard let a = firstResult.withLock({ $0 }), let b = secondResult.withLock({ $0 }) else {
            preconditionFailure("concurrentPerform returned before both parts ran")
        }
        return (try a.get(), try b.get())
    }

    /// `transform` applied to every element, in slices spread over the cores; order kept.
    ///
    /// Complexity: O(n) work, split over the cores.
    public static func map<Element: Sendable, Mapped: Sendable>(
        _ elements: [Element], _ transform: @Sendable (Element) -> Mapped
    ) -> [Mapped] {
        let sliceCount = min(elements.count, 64)
        guard sliceCount > 1 else { return elements.map(transform) }
        let slices = Mutex([[Mapped]](repeating: [], count: sliceCount))
        DispatchQueue.concurrentPerform(iterations: sliceCount) { slice in
            let start = elements.count * slice / sliceCount
            let end = elements.count * (slice + 1) / sliceCount
            let mapped = elements[start..<end].map(transform)
            slices.withLock { $0[slice] = mapped }
        }
        return slices.withLock { $0.flatMap { $0 } }
    }
}
