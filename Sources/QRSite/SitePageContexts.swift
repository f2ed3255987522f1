import Foundation
import QRAnalytics
import QRBuildKit

/// What each page's template is given: plain values (the templates escape them) and the
/// charts as SVG (escaped where they were drawn).
struct SitePageContexts: @unchecked Sendable {
    // @unchecked: every stored property is an immutable value (the Mustache-facing
    // dictionaries are built per call); `Input` holds the manifest, lockfile and numbers.
    let input: SiteWriter.Input
    /// Every tag, sorted.
    let tags: [String]
    /// Each tag's codes, in manifest order: found once, used by every gallery page, the
    /// tag's page and its data files.
    let members: [String: [Manifest.Code]]
    private let dynamicIDs: [String]
    /// Positions of the codes in the gallery's two orders: by name, and by scans.
    private let byName: [Int]
    private let byScans: [Int]

    init(input: SiteWriter.Input) {
        self.input = input
        var members: [String: [Manifest.Code]] = [:]
        for code in input.manifest.codes {
            // A tag written twice on one code lists the code once.
            for tag in Set(code.tags) { members[tag, default: []].append(code) }
        }
        self.members = members
        tags = members.keys.sorted()
        dynamicIDs = input.manifest.codes.compactMap { $0.type == .dynamic ? $0.id?.text : nil }
        let codes = input.manifest.codes
        let labels = codes.map { ($0.name ?? $0.id?.text ?? $0.fileStem) }
        let lower = labels.map { $0.lowercased() }
        let scans = codes.map { code in code.id.flatMap { input.numbers?.long.codes[$0.text]?.total } ?? 0 }
        byName = codes.indices.sorted { (lower[$0], labels[$0]) < (lower[$1], labels[$1]) }
        byScans = codes.indices.sorted { (scans[$1], lower[$0]) < (scans[$0], lower[$1]) }
    }

    var galleryPageCount: Int { max(1, (input.manifest.codes.count + SiteWriter.galleryPageSize - 1) / SiteWriter.galleryPageSize) }

    /// `index.html`, `index-2.html`, …; `top.html`, `top-2.html`, … by scans.
    static func galleryFile(sortedByScans: Bool, page: Int) -> String {
        (sortedByScans ? "top" : "index") + (page == 1 ? "" : "-\(page)") + ".html"
    }

    private var numbers: SiteNumbers? { input.numbers }

    private func common(title: String, root: String) -> [String: Any] {
        var context: [String: Any] = ["title": title, "root": root, "timeZone": input.timeZone]
        if let numbers { context["asOf"] = AnalyticsText.date(numbers.long.lastDay) }
        return context
    }

    private func label(_ code: Manifest.Code) -> String { code.name ?? code.id?.text ?? code.fileStem }

    private func scans(_ code: Manifest.Code) -> Int {
        guard let id = code.id?.text else { return 0 }
        return numbers?.long.codes[id]?.total ?? 0
    }

    private func tagLinks(_ names: [String]) -> [[String: Any]] {
        names.map { ["name": $0, "file": "\($0).html"] }
    }

    /// What a card or a page says about where the code goes: the URL or text, and for the
    /// structured types a summary (a Wi-Fi code's network, never its password; a vCard's name).
    private func destination(_ code: Manifest.Code) -> String {
        if code.secure.contains(.password) { return "hidden (password-protected)" }
        if code.secure.contains(.encrypted) { return "encrypted" }
        switch code.dataType {
        case .wifi:
            return "Wi-Fi network " + (Self.field("S:", in: code.payload, separator: ";") ?? "")
        case .vcard:
            return "vCard: " + (code.payload.split(whereSeparator: \.isNewline).first { $0.hasPrefix("FN:") }.map { String($0.dropFirst(3)).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "contact")
        default:
            return code.payload
        }
    }

    /// The value after `key` up to an unescaped `separator` (Wi-Fi payloads escape with `\`).
    private static func field(_ key: String, in payload: String, separator: Character) -> String? {
        guard let start = payload.range(of: key)?.upperBound else { return nil }
        var value = "", escaped = false
        for character in payload[start...] {
            if escaped { value.append(character); escaped = false } else if character == "\\" { escaped = true } else if character == separator { break } else { value.append(character) }
        }
        return value
    }

    // MARK: Gallery

    func gallery(sortedByScans: Bool, page: Int) -> [String: Any] {
        let order = sortedByScans ? byScans : byName
        let size = SiteWriter.galleryPageSize
        let codes = order[min(order.count, (page - 1) * size)..<min(order.count, page * size)].map { input.manifest.codes[$0] }
        let cards: [[String: Any]] = codes.map { code in
            let series = code.id.flatMap { numbers?.long.codes[$0.text]?.series.map(\.scans) } ?? []
            // Weekly sums, the latest week last: 13 points say as much as 90 on a card.
            let weeks = stride(from: series.count, to: 0, by: -7).map { end in series[max(0, end - 7)..<end].reduce(0, +) }.reversed()
            var card: [String: Any] = [
                "label": label(code), "page": "\(code.fileStem).html", "image": "images/\(code.fileName)",
                "dataType": code.dataType.rawValue, "status": code.status.rawValue, "destination": destination(code),
                "tags": tagLinks(code.tags), "hasTags": !code.tags.isEmpty,
                "search": [label(code), code.id?.text ?? "", destination(code), code.tags.joined(separator: " ")].joined(separator: " ").lowercased(),
                "hasNumbers": numbers != nil && code.type == .dynamic, "scans": scans(code), "days": SiteNumbers.longDays,
                "sparkline": SVGChart.sparkline(Array(weeks)),
            ]
            if let id = code.id?.text { card["id"] = id }
            return card
        }
        let count = input.manifest.codes.count
        var context = common(title: sortedByScans ? "Most scanned" : "Gallery", root: "")
        context["heading"] = sortedByScans ? "Codes by scans" : "All codes"
        var summary = "\(count) code\(count == 1 ? "" : "s")"
        if let numbers {
            let total = dynamicIDs.reduce(0) { $0 + (numbers.long.codes[$1]?.total ?? 0) }
            summary += " · \(total) scans in the last \(SiteNumbers.longDays) days"
        }
        context["summary"] = summary
        context["cards"] = cards
        context["dataTypes"] = Array(Set(input.manifest.codes.map(\.dataType.rawValue))).sorted()
        context["tags"] = tags.map { tag in ["name": tag, "file": "\(tag).html", "count": members[tag]?.count ?? 0] as [String: Any] }
        context["hasTags"] = !tags.isEmpty
        let pageCount = galleryPageCount
        if pageCount > 1 {
            context["pages"] = (1...pageCount).map { number -> [String: Any] in
                ["number": number, "href": Self.galleryFile(sortedByScans: sortedByScans, page: number), "current": number == page]
            }
            context["pageNote"] = "Page \(page) of \(pageCount); the search filters this page, tag pages list all of a tag's codes."
        }
        return context
    }

    // MARK: Code, tag and overall pages

    func codePage(_ code: Manifest.Code) -> [String: Any] {
        var context = common(title: label(code), root: "../")
        context["label"] = label(code)
        context["image"] = "images/\(code.fileName)"
        if let id = code.id?.text { context["id"] = id }
        context["type"] = code.type.rawValue
        context["dataType"] = code.dataType.rawValue
        context["status"] = code.status.rawValue
        context["redirectUrl"] = input.manifest.redirectURL(of: code) ?? ""
        context["destinationLabel"] = code.type == .dynamic ? "Destination" : "Encodes"
        context["destination"] = destination(code)
        context["secure"] = code.secure.map(\.rawValue)
        context["hasSecure"] = !code.secure.isEmpty
        context["tags"] = tagLinks(code.tags)
        context["hasTags"] = !code.tags.isEmpty
        if let id = code.id, let entry = input.lockfile.entries[id.key] {
            context["createdAt"] = entry.publishedAt
            if entry.updatedAt != entry.publishedAt { context["updatedAt"] = entry.updatedAt }
            if let printed = entry.printedAt { context["printedAt"] = printed }
        }
        context["downloads"] = code.returnTypes.map { format in
            ["href": "images/\(code.fileName(format))", "label": "\(format.rawValue.uppercased()) (\(code.fileName(format)))"]
        }
        context["printDownloads"] = PrintImage.widths.map { width in
            let name = PrintImage.fileName(of: code, width: width)
            return ["href": "print/\(name)", "name": name, "label": "\(PrintImage.label(width)) cm"]
        }
        context["dpi"] = PrintImage.dpi
        let history = code.id.flatMap { input.history[$0.key] } ?? []
        context["history"] = history.map { ["date": $0.date, "destination": $0.destination, "commit": $0.commit, "author": $0.author] }
        context["hasHistory"] = history.count > 1 || (history.count == 1 && history[0].destination != code.payload)
        context["dynamic"] = code.type == .dynamic
        if code.type == .dynamic, let id = code.id?.text {
            var long = numbers?.long.codes[id]
            if code.routing.choosesAtScan { long?.routeTargets = code.routing.targets(data: code.payload) }
            context["numbers"] = dashboard(long: long, recent: numbers?.long.recent[id],
                                           previous: numbers?.long.recentPrevious[id], dataName: code.fileStem, root: "../",
                                           mapsEveryCountry: false)
        }
        return context
    }

    func tagPage(_ tag: String) -> [String: Any] {
        let members = members[tag] ?? []
        var context = common(title: "Tag \(tag)", root: "../")
        context["heading"] = "Tag: \(tag)"
        let ids = members.compactMap { $0.type == .dynamic ? $0.id?.text : nil }
        context["summary"] = "\(members.count) code\(members.count == 1 ? "" : "s") tagged \(tag)"
        context.merge(ranking(members), uniquingKeysWith: { $1 })
        context["numbers"] = combinedDashboard(ids: ids, name: "tag-\(tag)", root: "../")
        return context
    }

    func overview() -> [String: Any] {
        var context = common(title: "Dashboard", root: "")
        context["heading"] = "Dashboard"
        context["summary"] = numbers.map { "All \(dynamicIDs.count) dynamic codes, the last \(SiteNumbers.longDays) days up to \(AnalyticsText.date($0.long.lastDay))" }
            ?? "No scans counted yet"
        let ranked = ranking(input.manifest.codes.filter { $0.type == .dynamic })
        context["topCodes"] = Array((ranked["ranked"] as? [[String: Any]] ?? []).prefix(10))
        context["hasTopCodes"] = numbers != nil && !(ranked["ranked"] as? [[String: Any]] ?? []).isEmpty
        if let numbers {
            let all = CodeAnalytics.combined(dynamicIDs.compactMap { numbers.long.codes[$0] }, id: "all", days: SiteNumbers.longDays)
            let busiest = all.series.filter { $0.scans > 0 }.sorted { ($1.scans, $0.day) < ($0.scans, $1.day) }.prefix(7)
            context["busiestDays"] = busiest.map { ["date": $0.date, "scans": $0.scans] as [String: Any] }
            context["hasBusiestDays"] = !busiest.isEmpty
        }
        context["numbers"] = combinedDashboard(ids: dynamicIDs, name: "all", root: "")
        return context
    }

    /// The codes of a page ranked by scans, with a bar each.
    private func ranking(_ codes: [Manifest.Code]) -> [String: Any] {
        let sorted = codes.sorted { (scans($1), label($0)) < (scans($0), label($1)) }
        let top = max(1, sorted.first.map(scans) ?? 1)
        let rows: [[String: Any]] = sorted.map { code in
            ["label": label(code), "page": "\(code.fileStem).html", "status": code.status.rawValue, "scans": scans(code),
             "bar": SVGChart.share(Double(scans(code)) / Double(top))]
        }
        return ["ranked": rows, "hasRanked": !rows.isEmpty]
    }

    private func combinedDashboard(ids: [String], name: String, root: String) -> Any {
        guard let numbers else { return false }
        let long = CodeAnalytics.combined(ids.compactMap { numbers.long.codes[$0] }, id: name, days: SiteNumbers.longDays)
        let recent = ids.reduce(PeriodTotals()) { $0 + (numbers.long.recent[$1] ?? PeriodTotals()) }
        let previous = ids.reduce(PeriodTotals()) { $0 + (numbers.long.recentPrevious[$1] ?? PeriodTotals()) }
        return dashboard(long: long, recent: recent, previous: previous, dataName: name, root: root)
    }
}
