/// A malformed line as a report can safely show it: printable ASCII only, cut short.
enum LogExcerpt {
    /// Bytes of a line shown.
    static let shownLength = 80

    static func make(_ line: UnsafeBufferPointer<UInt8>) -> String {
        make(start: line.prefix(shownLength), length: line.count)
    }

    /// The excerpt of a line of `length` bytes that begins with `start`.
    static func make(start: some Collection<UInt8>, length: Int) -> String {
        let shown = start.prefix(shownLength).map { $0 >= 0x20 && $0 < 0x7F ? Character(UnicodeScalar($0)) : "?" }
        return String(shown) + (length > shownLength ? "... (\(length) bytes)" : "")
    }
}
