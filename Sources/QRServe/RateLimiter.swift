import QRLock

/// A token bucket per key: `limit` requests a minute, refilled evenly, so a burst of up to
/// `limit` is allowed after a quiet minute and the steady rate is `limit` a minute.
final class RateLimiter: Sendable {
    /// The outcome of one request: allowed or not, and the `RateLimit-*` figures.
    struct Decision: Sendable {
        let allowed: Bool
        let limit: Int
        let remaining: Int
        /// Seconds until the bucket is full again.
        let reset: Int
        /// Seconds until the next request is allowed (when refused).
        let retryAfter: Int
    }

    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    let limit: Int
    private let buckets = Locked<[String: Bucket]>([:])

    init(perMinute limit: Int) {
        self.limit = limit
    }

    /// Takes a token from `key`'s bucket at time `now` (seconds).
    ///
    /// Complexity: O(1) amortised.
    func take(_ key: String, now: Double) -> Decision {
        let capacity = Double(limit), rate = Double(limit) / 60
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[key] = bucket
            let reset = Int(((capacity - bucket.tokens) / rate).rounded(.up))
            let retry = allowed ? 0 : max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
            return Decision(allowed: allowed, limit: limit, remaining: Int(bucket.tokens), reset: reset, retryAfter: retry)
        }
    }
}
