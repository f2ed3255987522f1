/// One problem in a manifest: where (JSON path, line:column) and what.
public struct ManifestIssue: Hashable, Sendable, CustomStringConvertible {
    /// A JSON path such as `codes[3].data.ssid`.
    public let path: String
    public let location: SourceLocation?
    public let message: String

    public init(path: String, location: SourceLocation?, message: String) {
        self.path = path
        self.location = location
        self.message = message
    }

    /// `12:9: codes[3].data.ssid: required`, on one line: what the manifest put in the
    /// path or the message is shown with its control characters escaped.
    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        let shown = TerminalText.printable(message)
        return path.isEmpty ? place + shown : "\(place)\(TerminalText.printable(path)): \(shown)"
    }

    /// A message without a place yet, thrown by validators that do not know where they are.
    public struct Reason: Error, Hashable, Sendable {
        public let message: String
        public init(_ message: String) { self.message = message }
    }
}

/// Everything wrong with a manifest, found in one pass.
public struct ManifestErrors: Error, Hashable, Sendable, CustomStringConvertible {
    /// The manifest's file name, for messages.
    public let file: String
    public let issues: [ManifestIssue]

    /// `qrcodes.json:12:9: codes[3].data.ssid: required`, or `templates/x: reason` where
    /// an issue has no line and column.
    public var description: String {
        let file = TerminalText.printable(file)
        return issues.map { $0.location == nil ? "\(file): \($0)" : "\(file):\($0)" }.joined(separator: "\n")
    }
}
