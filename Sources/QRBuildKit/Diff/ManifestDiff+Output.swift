import QRPayload

/// The diff as the three outputs `qrbuild diff` prints: JSON for tools, Markdown for a
/// pull-request comment, plain text for a terminal.
extension ManifestDiff {
    /// `{"base", "added", "removed", "destinationChanged", "statusChanged", "tagsChanged", "reprints"}`;
    /// static codes have `"id": null`.
    public func json(base: String) -> String {
        func name(_ code: CodeName) -> [FieldValue.Member] {
            [FieldValue.Member("id", code.id.map(FieldValue.string) ?? .null), FieldValue.Member("name", code.name.map(FieldValue.string) ?? .null)]
        }
        func change(_ change: Change) -> FieldValue {
            .object(name(change.code) + [FieldValue.Member("from", .string(change.from)), FieldValue.Member("to", .string(change.to))])
        }
        return JSONWriter.pretty(.object([
            FieldValue.Member("base", .string(base)),
            FieldValue.Member("added", .array(added.map { .object(name($0)) })),
            FieldValue.Member("removed", .array(removed.map { .object(name($0.code) + [FieldValue.Member("published", .bool($0.published))]) })),
            FieldValue.Member("destinationChanged", .array(destinationChanged.map(change))),
            FieldValue.Member("statusChanged", .array(statusChanged.map(change))),
            FieldValue.Member("tagsChanged", .array(tagsChanged.map {
                .object(name($0.code) + [FieldValue.Member("added", .array($0.added.map(FieldValue.string))),
                                         FieldValue.Member("removed", .array($0.removed.map(FieldValue.string)))])
            })),
            FieldValue.Member("reprints", .array(reprints.map { .object(name($0.code) + [FieldValue.Member("reason", .string($0.reason))]) })),
        ]))
    }

    /// A short Markdown summary with one table of every change, fit for a PR comment.
    /// Cell text is escaped so that a name or destination cannot break the table.
    public func markdown(base: String) -> String {
        var out = "### qrbuild diff against `\(Self.cell(base))`\n\n"
        guard !isEmpty else { return out + "No code changes.\n" }
        var summary: [String] = []
        if !reprints.isEmpty { summary.append("**\(reprints.count) reprint\(reprints.count == 1 ? "" : "s")** (printed images change)") }
        if !added.isEmpty { summary.append("\(added.count) added") }
        if !removed.isEmpty { summary.append("\(removed.count) removed" + (removesPublished ? " (**published ids: the build will refuse**)" : "")) }
        if !destinationChanged.isEmpty { summary.append("\(destinationChanged.count) destination\(destinationChanged.count == 1 ? "" : "s") changed") }
        if !statusChanged.isEmpty { summary.append("\(statusChanged.count) status change\(statusChanged.count == 1 ? "" : "s")") }
        if !tagsChanged.isEmpty { summary.append("\(tagsChanged.count) tag change\(tagsChanged.count == 1 ? "" : "s")") }
        out += summary.joined(separator: " · ") + "\n\n| change | id | name | details |\n|---|---|---|---|\n"
        for row in rows() {
            out += "| \(row.change) | \(row.id.map { "`\(Self.cell($0))`" } ?? "—") | \(Self.cell(row.name ?? "")) | \(Self.cell(row.details)) |\n"
        }
        return out
    }

    /// One line per change, for a terminal.
    public func text(base: String) -> String {
        guard !isEmpty else { return "no code changes against \(base)\n" }
        return rows().map { row in
            let who = [row.id, row.name].compactMap { $0 }.joined(separator: " ")
            return "\(row.change): \(who)" + (row.details.isEmpty ? "" : " (\(row.details))")
        }.joined(separator: "\n") + "\n"
    }

    private func rows() -> [(change: String, id: String?, name: String?, details: String)] {
        reprints.map { ("reprint", $0.code.id, $0.code.name, $0.reason) }
            + removed.map { ("removed", $0.code.id, $0.code.name, $0.published ? "published: the build refuses this; set \"status\": \"inactive\" instead" : "") }
            + added.map { ("added", $0.id, $0.name, "") }
            + destinationChanged.map { ("destination", $0.code.id, $0.code.name, "\($0.from) → \($0.to)") }
            + statusChanged.map { ("status", $0.code.id, $0.code.name, "\($0.from) → \($0.to)") }
            + tagsChanged.map { change in
                ("tags", change.code.id, change.code.name,
                 (change.added.map { "+" + $0 } + change.removed.map { "−" + $0 }).joined(separator: " "))
            }
    }

    /// Text for a Markdown table cell: pipes, backticks, angle brackets and line breaks
    /// escaped, so nothing from the manifest can end the table or add markup.
    static func cell(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "`": out += "\\`"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n", "\r": out += " "
            case "*", "_", "[", "]", "\\": out += "\\" + String(character)
            default: out.append(character)
            }
        }
        return out
    }
}
