import Foundation  // only for Unicode normalisation (NFC) of internationalised host names

/// The `url` data type: an http(s) URL made safe to encode and to redirect to.
///
/// Internationalised host labels become Punycode (`xn--…`); non-ASCII, spaces and the
/// characters RFC 3986 forbids in the path, query and fragment are percent-encoded as
/// UTF-8; existing `%XX` escapes and the case of everything else are kept (upper-case
/// URLs pack denser in a QR code's alphanumeric mode).
public enum WebURL {
    /// The normalised URL, or an error that says what is wrong and how to fix it.
    public static func normalize(_ text: String) throws(PayloadError) -> String {
        func fail(_ message: String) -> PayloadError { PayloadError(path: "", message) }
        guard !text.isEmpty else { throw fail("the URL is empty") }
        // Byte offsets from here on: URLs are mostly ASCII, and Character-level scanning was
        // most of the cost of decoding a large manifest (measured).
        let bytes = Array(text.utf8)
        let edgeIsWhitespace: Bool
        if let first = bytes.first, let last = bytes.last, bytes.allSatisfy({ $0 < 0x80 }) {
            // Unicode's whitespace within ASCII: tab, line feed, vertical tab, form feed, CR, space.
            func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
            edgeIsWhitespace = isWhitespace(first) || isWhitespace(last)
        } else {
            edgeIsWhitespace = [text.unicodeScalars.first, text.unicodeScalars.last].contains { $0?.properties.isWhitespace == true }
        }
        guard !edgeIsWhitespace else {
            throw fail("the URL has leading or trailing whitespace; remove it")
        }
        // Control characters are all ASCII, so their bytes are enough.
        if let control = bytes.first(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw fail("the URL contains a control character (U+\(hex4(UInt32(control)))); remove it")
        }
        guard let separator = firstIndex(of: Array("://".utf8), in: bytes) else {
            if let colon = text.firstIndex(of: ":"), text[..<colon].allSatisfy(\.isLetter), !text[..<colon].isEmpty {
                throw fail("scheme \"\(text[..<colon].lowercased()):\" is not allowed: a url code takes http or https only")
            }
            throw fail("the URL has no scheme; write it as https://\(text)")
        }
        let scheme = String(decoding: bytes[..<separator], as: UTF8.self)
        guard ["http", "https"].contains(scheme.lowercased()) else {
            throw fail("scheme \"\(scheme.lowercased()):\" is not allowed: a url code takes http or https only")
        }
        let restStart = separator + 3
        let authorityEnd = bytes[restStart...].firstIndex { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 } ?? bytes.count
        let authority = String(decoding: bytes[restStart..<authorityEnd], as: UTF8.self)
        guard !authority.utf8.contains(0x40) else {
            throw fail("the URL must not contain a user name or password")
        }
        let host = try hostAndPort(authority)
        // The usual case: nothing to convert or encode, so the URL is its own normal form.
        if host == authority, bytes[authorityEnd...].allSatisfy(isKept) { return text }
        return scheme + "://" + host + encodeTail(String(decoding: bytes[authorityEnd...], as: UTF8.self))
    }

    /// The host (Punycode where needed) and port, validated.
    static func hostAndPort(_ authority: String) throws(PayloadError) -> String {
        func fail(_ message: String) -> PayloadError { PayloadError(path: "", message) }
        guard !authority.isEmpty else { throw fail("the URL has no host") }
        // Neither a port nor an IPv6 literal (no ":" or "["): all of it is the host.
        if !authority.utf8.contains(where: { $0 == 0x3A || $0 == 0x5B }) { return try asciiHost(authority) }
        var host = authority
        var port = ""
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw fail("unclosed [ in the host") }
            host = String(authority[...close])
            port = String(authority[authority.index(after: close)...])
            let literal = host.dropFirst().dropLast()
            guard !literal.isEmpty, literal.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw fail("\(host) is not an IPv6 address")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            port = String(authority[colon...])
        }
        if !port.isEmpty {
            let digits = port.dropFirst()
            guard port.first == ":", let number = Int(digits), digits.allSatisfy(\.isASCII),
                  (1...65535).contains(number) else {
                throw fail("port \"\(port.dropFirst())\" must be a number from 1 to 65535")
            }
        }
        if host.hasPrefix("[") { return host + port }
        return try asciiHost(host) + port
    }

    /// Host labels checked and, where they are not ASCII, converted to Punycode.
    static func asciiHost(_ host: String) throws(PayloadError) -> String {
        func fail(_ message: String) -> PayloadError { PayloadError(path: "", message) }
        if let ascii = try asciiOnlyHost(host) { return ascii }
        // IDNA treats the ideographic and full-width full stops as dots.
        let dotted = String(host.map { "\u{3002}\u{FF0E}\u{FF61}".contains($0) ? "." : $0 })
        var labels: [String] = []
        for label in dotted.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty else { throw fail("host \"\(host)\" has an empty label") }
            var ascii = String(label)
            if !label.allSatisfy(\.isASCII) {
                let mapped = String(label).precomposedStringWithCanonicalMapping.lowercased()
                guard mapped.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "-" || $0.properties.generalCategory == .nonspacingMark || $0.properties.generalCategory == .spacingMark }),
                      let encoded = Punycode.encode(mapped) else {
                    throw fail("host label \"\(label)\" cannot be an internationalised domain name")
                }
                ascii = "xn--" + encoded
            }
            guard ascii.utf8.count <= 63 else { throw fail("host label \"\(label)\" is longer than 63 characters") }
            guard ascii.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw fail("host \"\(host)\" contains \"\(ascii.first { !($0.isLetter || $0.isNumber || $0 == "-") } ?? " ")\", which host names cannot")
            }
            guard !ascii.hasPrefix("-"), !ascii.hasSuffix("-") else {
                throw fail("host label \"\(label)\" cannot start or end with a hyphen")
            }
            labels.append(ascii)
        }
        let result = labels.joined(separator: ".")
        guard result.utf8.count <= 253 else { throw fail("the host name is longer than 253 characters") }
        return result
    }

    /// The byte-level check for the common case, a host that is ASCII already; `nil` when
    /// the host has non-ASCII labels and needs the Unicode path.
    private static func asciiOnlyHost(_ host: String) throws(PayloadError) -> String? {
        let bytes = Array(host.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        func isLabelByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
        }
        guard bytes.count <= 253 else { throw PayloadError(path: "", "the host name is longer than 253 characters") }
        for label in bytes.split(separator: 0x2E, omittingEmptySubsequences: false) {
            // The label as text only for a message: most hosts have none to report.
            func text() -> String { String(decoding: label, as: UTF8.self) }
            guard !label.isEmpty else { throw PayloadError(path: "", "host \"\(host)\" has an empty label") }
            guard label.count <= 63 else { throw PayloadError(path: "", "host label \"\(text())\" is longer than 63 characters") }
            if let bad = label.first(where: { !isLabelByte($0) }) {
                throw PayloadError(path: "", "host \"\(host)\" contains \"\(Character(Unicode.Scalar(bad)))\", which host names cannot")
            }
            guard label.first != 0x2D, label.last != 0x2D else {
                throw PayloadError(path: "", "host label \"\(text())\" cannot start or end with a hyphen")
            }
        }
        return host
    }

    /// Path, query and fragment with non-ASCII, spaces and forbidden characters encoded.
    ///
    /// - Complexity: O(n); a tail that needs nothing encoded (the usual case) is returned
    ///   as it is, without copying.
    private static func encodeTail(_ tail: String) -> String {
        var tail = tail
        let encoded: [UInt8]? = tail.withUTF8 { bytes in
            var index = 0
            while index < bytes.count, isKept(bytes[index]) { index += 1 }
            guard index < bytes.count else { return nil }
            var out = [UInt8](bytes[..<index])
            out.reserveCapacity(bytes.count + 16)
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                   PercentEncoding.isHexDigit(bytes[index + 1]), PercentEncoding.isHexDigit(bytes[index + 2]) {
                    out.append(contentsOf: bytes[index...index + 2])  // an escape already
                    index += 3
                    continue
                }
                if isKept(byte) {
                    out.append(byte)
                } else {
                    PercentEncoding.appendEscaped(byte, to: &out)
                }
                index += 1
            }
            return out
        }
        return encoded.map { String(decoding: $0, as: UTF8.self) } ?? tail
    }

    /// Whether `byte` stands for itself in a path, query or fragment: printable ASCII but
    /// for space and the characters RFC 3986 excludes. `%` is not: only a valid escape keeps it.
    @inline(__always)
    private static func isKept(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x22, 0x25, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D: false  // " % < > \ ^ ` { | }
        default: byte > 0x20 && byte < 0x80
        }
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return start }
        }
        return nil
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
