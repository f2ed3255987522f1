/// `mailto:` per RFC 6068: recipients in the path, `cc`, `bcc`, `subject`, `body` as
/// header fields, every value percent-encoded (space `%20`, `+` `%2B`, line breaks `%0D%0A`).
enum EmailPayload {
    static func make(_ data: FieldValue) throws(PayloadErrors) -> String {
        var reader = FieldReader(data, type: .email)
        let to = addresses(&reader, "to")
        let cc = addresses(&reader, "cc")
        let bcc = addresses(&reader, "bcc")
        if reader.isObject && to.isEmpty && cc.isEmpty && bcc.isEmpty && reader.errors.isEmpty {
            reader.fail("to", "required: an email code needs at least one recipient (to, cc or bcc)")
        }
        var fields: [String] = []
        if !cc.isEmpty { fields.append("cc=" + cc.joined(separator: ",")) }
        if !bcc.isEmpty { fields.append("bcc=" + bcc.joined(separator: ",")) }
        for name in ["subject", "body"] {
            guard let text = reader.string(name) else { continue }
            fields.append(name + "=" + PercentEncoding.encode(crlf(text), keeping: PercentEncoding.isUnreserved))
        }
        let query = fields.isEmpty ? "" : "?" + fields.joined(separator: "&")
        return try reader.finish("mailto:" + to.joined(separator: ",") + query)
    }

    /// A string or a list of strings, each a valid address, encoded for the URI.
    private static func addresses(_ reader: inout FieldReader, _ name: String) -> [String] {
        var result: [String] = []
        for (path, value) in reader.list(name) {
            guard case .string(let address) = value else {
                reader.fail(path, "must be an email address string, not a \(value.typeName)")
                continue
            }
            do {
                result.append(try EmailAddress.encodeForURI(address))
            } catch {
                reader.fail(path, error.message)
            }
        }
        return result
    }

    /// Every line break (CR, LF or CRLF) as CRLF, as RFC 6068 asks.
    private static func crlf(_ text: String) -> String {
        text.replacingLineBreaks()
    }
}

extension String {
    func replacingLineBreaks(with separator: String = "\r\n") -> String {
        var out = ""
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\n" {
                if !previousCR { out += separator }
                previousCR = false
            } else if scalar == "\r" {
                out += separator
                previousCR = true
            } else {
                out.unicodeScalars.append(scalar)
                previousCR = false
            }
        }
        return out
    }
}

/// Email addresses: checked, domain to Punycode, the local part percent-encoded for a URI.
enum EmailAddress {
    static func encodeForURI(_ address: String) throws(PayloadError) -> String {
        func fail(_ message: String) -> PayloadError { PayloadError(path: "", message) }
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
              address.index(after: at) != address.endIndex else {
            throw fail("\"\(address)\" is not an email address (expected name@domain)")
        }
        let local = String(address[..<at])
        let domain = String(address[address.index(after: at)...])
        guard !address.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw fail("\"\(address)\" contains a space or control character")
        }
        let asciiDomain: String
        do {
            asciiDomain = try WebURL.asciiHost(domain)
        } catch {
            throw fail("\"\(address)\": \(error.message)")
        }
        guard asciiDomain.contains(".") else { throw fail("\"\(address)\": the domain needs a dot, e.g. example.com") }
        // RFC 6068 §2 and §5: what a URI cannot hold, `%`, `/?#[]`, `&;=` and `,` (it separates
        // addresses) are percent-encoded; so is `+`, which form decoders (ZXing's among them)
        // read as a space. What stays is read the same by every parser.
        let keep: (UInt8) -> Bool = { PercentEncoding.isUnreserved($0) || "!$'*".utf8.contains($0) }
        return PercentEncoding.encode(local, keeping: keep) + "@" + asciiDomain
    }
}
