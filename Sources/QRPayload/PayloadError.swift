/// Why structured data cannot become a payload: where (a path inside `data`) and what.
public struct PayloadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The path inside the data, e.g. `ssid` or `phone[1].number`; empty for the data itself.
    public let path: String
    /// What is wrong and, where it helps, how to fix it.
    public let message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// The same error, seen from one level up: `ssid` under `data` becomes `data.ssid`.
    public func nested(under parent: String) -> PayloadError {
        let joined = path.isEmpty ? parent : path.hasPrefix("[") ? parent + path : parent + "." + path
        return PayloadError(path: joined, message)
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Several payload errors found in one pass: every field is checked, not just the first.
public struct PayloadErrors: Error, Hashable, Sendable, CustomStringConvertible {
    public let errors: [PayloadError]

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
