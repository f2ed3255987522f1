/// vCard 3.0 (RFC 2426): CRLF line ends, `N` and `FN` always, values escaped,
/// lines folded at 75 octets without splitting a UTF-8 sequence.
enum VCardPayload {
    static func make(_ data: FieldValue) throws(PayloadErrors) -> String {
        var reader = FieldReader(data, type: .vcard)
        let fullName = reader.string("name")
        let first = reader.string("firstName")
        let last = reader.string("lastName")
        if reader.isObject && fullName == nil && first == nil && last == nil {
            reader.fail("name", "required: give name, or firstName and/or lastName")
        }
        // N is family;given. From a single name, the last word is taken as the family name.
        var family = last ?? ""
        var given = first ?? ""
        if first == nil, last == nil, let fullName {
            let words = fullName.split(separator: " ")
            family = words.last.map(String.init) ?? ""
            given = words.dropLast().joined(separator: " ")
        }
        let formatted = fullName ?? [given, family].filter { !$0.isEmpty }.joined(separator: " ")
        var lines = ["BEGIN:VCARD", "VERSION:3.0",
                     "N:" + [family, given, "", "", ""].map(escape).joined(separator: ";"),
                     "FN:" + escape(formatted)]
        if let organization = reader.string("organization") { lines.append("ORG:" + escape(organization)) }
        if let title = reader.string("title") { lines.append("TITLE:" + escape(title)) }
        lines += typedValues(&reader, field: "phone", property: "TEL", valueKey: "number") { value, path, reader in
            reader.e164(value, path: path).map(escape)
        }
        lines += typedValues(&reader, field: "email", property: "EMAIL", valueKey: "address") { value, path, reader in
            guard value.contains("@"), !value.contains(" ") else {
                reader.fail(path, "\"\(value)\" is not an email address")
                return nil
            }
            return escape(value)
        }
        if let url = reader.string("url") {
            do {
                lines.append("URL:" + escape(try WebURL.normalize(url)))
            } catch {
                reader.fail("url", error.message)
            }
        }
        if let address = address(&reader) { lines.append(address) }
        if let note = reader.string("note") { lines.append("NOTE:" + escape(note)) }
        lines.append("END:VCARD")
        return try reader.finish(lines.map(fold).joined(separator: "\r\n") + "\r\n")
    }

    /// `PROPERTY;TYPE=X:value` lines from a string, an object `{type, <valueKey>}`, or a list of them.
    private static func typedValues(
        _ reader: inout FieldReader, field: String, property: String, valueKey: String,
        check: (String, String, inout FieldReader) -> String?
    ) -> [String] {
        var lines: [String] = []
        for (path, item) in reader.list(field) {
            var type: String?
            var value: String?
            switch item {
            case .string(let text):
                value = text
            case .object(let members):
                for member in members {
                    switch (member.name, member.value) {
                    case ("type", .string(let text)): type = text
                    case (valueKey, .string(let text)): value = text
                    default:
                        reader.fail(ValuePath.member(member.name, of: path), "unknown or mistyped; use {\"type\": \"work\", \"\(valueKey)\": \"…\"}")
                    }
                }
            default:
                reader.fail(path, "must be a string or {\"type\": …, \"\(valueKey)\": …}, not a \(item.typeName)")
            }
            guard let value else {
                if case .object = item { reader.fail("\(path).\(valueKey)", "required") }
                continue
            }
            guard let parameter = typeParameter(type, path: "\(path).type", &reader),
                  let checked = check(value, path, &reader) else { continue }
            lines.append(property + parameter + ":" + checked)
        }
        return lines
    }

    /// `ADR` from a one-line string or an object with street, city, region, postalCode, country.
    private static func address(_ reader: inout FieldReader) -> String? {
        guard let value = reader.value("address") else { return nil }
        let parts = ["street", "city", "region", "postalCode", "country"]
        switch value {
        case .string(let text):
            return "ADR:;;" + escape(text) + ";;;;"
        case .object(let members):
            var components = [String](repeating: "", count: parts.count)
            var type: String?
            for member in members {
                guard case .string(let text) = member.value else {
                    reader.fail("address.\(member.name)", "must be a string, not a \(member.value.typeName)")
                    continue
                }
                if member.name == "type" {
                    type = text
                } else if let index = parts.firstIndex(of: member.name) {
                    components[index] = escape(text)
                } else {
                    let hint = NameSuggestion.hint(for: member.name, among: parts + ["type"])
                    reader.fail("address.\(member.name)", "unknown address field\(hint)")
                }
            }
            guard let parameter = typeParameter(type, path: "address.type", &reader) else { return nil }
            return "ADR\(parameter):;;" + components.joined(separator: ";")
        default:
            reader.fail("address", "must be a string or an object, not a \(value.typeName)")
            return nil
        }
    }

    /// `;TYPE=WORK` for `type` (empty for none), or nil with an error: a type is a
    /// parameter of the property's name, where no escaping exists, so only a word of
    /// letters and `-` may stand there (a line break would start a property of its own).
    private static func typeParameter(_ type: String?, path: String, _ reader: inout FieldReader) -> String? {
        guard let type else { return "" }
        guard (1...20).contains(type.count), type.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else {
            reader.fail(path, "\"\(type)\" is not a type like work, home, cell, fax")
            return nil
        }
        return ";TYPE=" + type.uppercased()
    }

    /// RFC 2426 text escaping: backslash, semicolon, comma, and line breaks as `\n`.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text.replacingLineBreaks(with: "\n") {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// A content line folded to at most 75 octets per physical line (CRLF and a space
    /// before each continuation), never inside a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        let bytes = Array(line.utf8)
        guard bytes.count > 75 else { return line }
        var pieces: [[UInt8]] = []
        var start = 0
        var limit = 75
        while start < bytes.count {
            var end = min(start + limit, bytes.count)
            // Back off to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
            while end < bytes.count, end > start, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            pieces.append(Array(bytes[start..<end]))
            start = end
            limit = 74  // continuation lines begin with a space
        }
        return pieces.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\r\n ")
    }
}
