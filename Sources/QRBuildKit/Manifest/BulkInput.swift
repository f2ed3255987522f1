import QRPayload

/// `qrbuild add --csv FILE`, the bulk create: one code per row.
///
/// Columns (header row required, any order): `data` (required), `dataType`, `name`,
/// `type`, `returnType`, `status`, `tags` (separated by spaces or `;`), `id`.
/// For structured data types, `data` holds a JSON object.
public enum BulkInput {
    static let columns = ["data", "dataType", "name", "type", "returnType", "status", "tags", "id"]

    public static func codes(fromCSV text: String, file: String) throws(BuildError) -> [NewCode] {
        func invalid(_ messages: [String]) -> BuildError {
            .invalidManifest(ManifestErrors(file: file, issues: messages.map { ManifestIssue(path: "", location: nil, message: $0) }))
        }
        let rows: [(line: Int, cells: [String])]
        do {
            rows = try CSVReader.rows(text)
        } catch {
            throw invalid([error.description])
        }
        guard let header = rows.first else { throw invalid(["the CSV is empty; it needs a header row such as: data,name,tags"]) }
        var problems: [String] = []
        for name in header.cells where !columns.contains(name) {
            problems.append("line 1: unknown column \"\(name)\"\(NameSuggestion.hint(for: name, among: columns))")
        }
        guard header.cells.contains("data") else { throw invalid(problems + ["line 1: the header needs a \"data\" column"]) }
        guard problems.isEmpty else { throw invalid(problems) }
        var codes: [NewCode] = []
        for row in rows.dropFirst() {
            guard row.cells.count == header.cells.count else {
                problems.append("line \(row.line): \(row.cells.count) cells, but the header has \(header.cells.count)")
                continue
            }
            var fields: [String: String] = [:]
            for (name, value) in zip(header.cells, row.cells) where !value.isEmpty { fields[name] = value }
            func choice<Choice: RawRepresentable & CaseIterable>(_ column: String, _ type: Choice.Type) -> Choice? where Choice.RawValue == String {
                guard let text = fields[column] else { return nil }
                if let value = Choice(rawValue: text) { return value }
                let names = Choice.allCases.map(\.rawValue)
                problems.append("line \(row.line), \(column): \"\(text)\" is not one of \(names.joined(separator: ", "))\(NameSuggestion.hint(for: text, among: names))")
                return nil
            }
            let dataType = choice("dataType", DataType.self)
            var data = FieldValue.string(fields["data"] ?? "")
            if let dataType, !dataType.takesString {
                do {
                    data = try JSONReader.parse(Array((fields["data"] ?? "").utf8)).fieldValue
                } catch {
                    problems.append("line \(row.line), data: a \(dataType.rawValue) code's data is a JSON object: \(error)")
                    continue
                }
            }
            var code = NewCode(data: data)
            code.dataType = dataType
            code.type = choice("type", Manifest.CodeType.self)
            code.returnType = choice("returnType", Manifest.ReturnType.self)
            code.status = choice("status", Manifest.Status.self)
            code.name = fields["name"]
            code.id = fields["id"]
            code.tags = (fields["tags"] ?? "").split(whereSeparator: { $0 == " " || $0 == ";" }).map(String.init)
            codes.append(code)
        }
        guard problems.isEmpty else { throw invalid(problems) }
        return codes
    }
}
