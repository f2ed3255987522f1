/// A request path as nginx matches it: nginx decodes `%XX`, merges slashes and resolves
/// `.` and `..` segments before it looks up `$uri`, so `GET /r/%6B3x9pq7m` is answered
/// with k3x9pq7m's redirect. The combined log holds the raw request line: it is read the
/// same way here, or such a scan would be counted as an unknown id.
enum RequestPath {
    /// Whether `path` may read differently once normalised (holds `%`, `//` or `/.`).
    ///
    /// Complexity: O(n) in the path's length.
    @inline(__always)
    static func needsNormalizing(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in path {
            if byte == UInt8(ascii: "%") || (previous == UInt8(ascii: "/") && (byte == UInt8(ascii: "/") || byte == UInt8(ascii: "."))) {
                return true
            }
            previous = byte
        }
        return false
    }

    /// `path` decoded and normalised as nginx does; nil where nginx answers 400 (a bad
    /// `%` escape, a `..` above the root, a decoded NUL).
    ///
    /// Complexity: O(n).
    static func normalized(_ path: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(path.count)
        var index = 0
        while index < path.count {
            var byte = path[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < path.count, let high = hexValue(path[index + 1]), let low = hexValue(path[index + 2]) else { return nil }
                byte = high << 4 | low
                guard byte != 0 else { return nil }
                index += 2
            }
            decoded.append(byte)
            index += 1
        }
        guard decoded.first == UInt8(ascii: "/") else { return nil }
        var segments: [ArraySlice<UInt8>] = []
        let parts = decoded.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        for part in parts.dropFirst() {
            switch Array(part) {
            case [], [UInt8(ascii: ".")]: continue
            case [UInt8(ascii: "."), UInt8(ascii: ".")]:
                guard segments.popLast() != nil else { return nil }
            default: segments.append(part)
            }
        }
        // A path that ended in a slash (or in `.` or `..`) still names a folder.
        let last = parts.last.map(Array.init) ?? []
        let endsInFolder = last.isEmpty || last == [UInt8(ascii: ".")] || last == [UInt8(ascii: "."), UInt8(ascii: ".")]
        var out: [UInt8] = [UInt8(ascii: "/")]
        for (position, segment) in segments.enumerated() {
            out.append(contentsOf: segment)
            if position < segments.count - 1 || endsInFolder { out.append(UInt8(ascii: "/")) }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
