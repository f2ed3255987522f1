#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a POSIX mutex: the standard library's `Mutex` in the places threads share
/// state, with one difference that matters for testing. On Linux `Mutex` hands a contended
/// lock to its waiter inside the kernel (a priority-inheritance futex), where
/// ThreadSanitizer cannot see it, so `make test-tsan` reported races between closures
/// that held the lock in turn. ThreadSanitizer follows `pthread_mutex_t`, and so the
/// sanitizer's reports are about our code again. Uncontended, the two cost the same.
public final class Locked<Value: ~Copyable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// A lock holding `initialValue`.
    public init(_ initialValue: consuming sending Value) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed: \(status)")
        value = initialValue
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value, the lock held; calls from other threads wait.
    ///
    /// - Complexity: O(1) besides `body`.
    public func withLock<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
