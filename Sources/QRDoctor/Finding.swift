/// One thing `qrbuild doctor` looked at, and what it found.
public struct Finding: Sendable, Equatable {
    public enum Level: String, Sendable, Comparable {
        case ok, warning, problem

        private var rank: Int { self == .ok ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    public let level: Level
    /// What was checked, e.g. `nginx`.
    public let subject: String
    /// What was found, and for a warning or problem, what to do.
    public let message: String

    static func ok(_ subject: String, _ message: String) -> Finding { Finding(level: .ok, subject: subject, message: message) }
    static func warning(_ subject: String, _ message: String) -> Finding { Finding(level: .warning, subject: subject, message: message) }
    static func problem(_ subject: String, _ message: String) -> Finding { Finding(level: .problem, subject: subject, message: message) }
}
