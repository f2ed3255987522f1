import Foundation
import QRAnalytics
import QRBuildKit

extension SitePageContexts {
    /// The breakdowns shown as ranked lists: (kind, heading, column label, what to say when empty).
    static let lists: [(kind: String, heading: String, label: String, empty: String)] = [
        ("country", "Countries", "Country", "No countries counted."),
        ("city", "Cities", "City", "No cities: ingest with a GeoIP City database (--geoip GeoLite2-City.mmdb)."),
        ("device", "Devices", "Device", "No devices counted."),
        ("os", "Operating systems", "System", "No systems counted."),
        ("browser", "Browsers and apps", "Browser", "No browsers counted."),
        ("referrer", "Referrers", "Site", "No referrers counted."),
    ]

    /// Rows of a ranked list.
    static let listLength = 12

    /// The dashboard of one code, a tag or everything; false (the template's empty state)
    /// without numbers.
    /// `mapsEveryCountry`: the map shades all countries with scans (a tag's or all codes'
    /// page), else the ones the Countries list shows (a code page: a code scanned in a
    /// hundred countries would carry every outline, on each of 10,000 pages).
    func dashboard(long: CodeAnalytics?, recent: PeriodTotals?, previous: PeriodTotals?, dataName: String, root: String,
                   mapsEveryCountry: Bool = true) -> Any {
        guard let long else { return false }
        let recent = recent ?? PeriodTotals(), previous = previous ?? PeriodTotals()
        var context: [String: Any] = ["cardDays": SiteNumbers.shortDays, "scans": recent.scans, "unique": recent.unique, "bots": recent.bots]
        for (key, now, before) in [("scans", recent.scans, previous.scans), ("unique", recent.unique, previous.unique), ("bots", recent.bots, previous.bots)] {
            let (text, trend) = Self.change(now, before)
            context[key + "Change"] = text
            context[key + "Trend"] = trend
        }
        var charts: [[String: Any]] = []
        for days in [7, 30, 90] {
            let series = Array(long.series.suffix(days))
            let svg = SVGChart.daily(series.map { (Self.shortDate($0.day), $0.scans, $0.unique) },
                                     title: "Scans per day over the last \(days) days (bars), unique scans (dashed line)", id: "\(dataName)-days-\(days)")
            var chart: [String: Any] = ["heading": "Last \(days) days", "svg": svg, "legend": true]
            // One table for the three charts: the shorter ones are its last rows.
            if days == 90 {
                chart["table"] = HTML.table(columns: ["Day", "Scans", "Unique"], rows: series.map { [$0.date, String($0.scans), String($0.unique)] })
            }
            charts.append(chart)
        }
        let hours = long.breakdown("hour")
        charts.append(["heading": "By hour of day",
                       "svg": SVGChart.histogram(hours.map { ($0.value, $0.scans) }, title: "Scans by hour of day", id: "\(dataName)-hours", labelEvery: 3),
                       "table": HTML.table(columns: ["Hour", "Scans"], rows: hours.map { [$0.value, String($0.scans)] })])
        let weekdays = Self.weekdays(long.series)
        charts.append(["heading": "By day of week",
                       "svg": SVGChart.histogram(weekdays, title: "Scans by day of week", id: "\(dataName)-weekdays"),
                       "table": HTML.table(columns: ["Day", "Scans"], rows: weekdays.map { [$0.label, String($0.scans)] })])
        let mapped = mapsEveryCountry ? long.countries[...] : long.countries.prefix(Self.listLength)
        let countryTitle = mapped.count < long.countries.count
            ? "Scans by country, the \(mapped.count) with the most: darker is more (the Countries list below has the numbers)"
            : "Scans by country: darker is more (the Countries list below has the numbers)"
        if let map = WorldMap.svg(mapped.map { ($0.country, $0.scans) }, title: countryTitle, id: "\(dataName)-map", root: root) {
            charts.append(["heading": "By country", "svg": map])
        }
        context["charts"] = charts
        context["lists"] = Self.lists.map { list -> [String: Any] in
            let entries = list.kind == "country" ? long.countries.map { (value: $0.country, scans: $0.scans) } : long.breakdown(list.kind)
            let top = max(1, entries.first?.scans ?? 1)
            var section: [String: Any] = ["heading": list.heading, "label": list.label]
            if entries.isEmpty { section["empty"] = list.empty }
            // Rows made here, not in the template: 70 rows on each of 10,000 code pages
            // (see `HTML.table`).
            var rows = ""
            for entry in entries.prefix(Self.listLength) {
                var name = list.kind == "referrer" && entry.value == "direct" ? "direct (camera)" : entry.value
                if list.kind == "country", let country = WorldMap.name(entry.value) { name = "\(country) (\(entry.value))" }
                rows += "<tr><td>" + HTML.escape(name) + "</td><td class=\"num\">\(entry.scans)</td><td class=\"bar-cell\">"
                    + SVGChart.share(Double(entry.scans) / Double(top)) + "</td></tr>"
            }
            section["rows"] = rows
            return section
        } + Self.routesList(long)
        context["data"] = [["href": "\(root)data/\(dataName).json", "label": "JSON"], ["href": "\(root)data/\(dataName).csv", "label": "CSV"]]
        return context
    }

    /// A code with rules, a split or a schedule: scans by the route that answered them,
    /// each named with its destination (for a tag or all codes: nothing).
    static func routesList(_ long: CodeAnalytics) -> [[String: Any]] {
        guard !long.routeTargets.isEmpty else { return [] }
        let entries = long.breakdown("rule")
        let top = max(1, entries.first?.scans ?? 1)
        var rows = ""
        for entry in entries {
            let name = Self.routeName(entry.value) + (long.routeTargets[entry.value].map { " → " + $0 } ?? "")
            rows += "<tr><td>" + HTML.escape(name) + "</td><td class=\"num\">\(entry.scans)</td><td class=\"bar-cell\">"
                + SVGChart.share(Double(entry.scans) / Double(top)) + "</td></tr>"
        }
        var section: [String: Any] = ["heading": "Rules and variants", "label": "Route", "rows": rows]
        if entries.isEmpty { section["empty"] = "No scans through the rules yet." }
        return [section]
    }

    /// `rule 1`, `variant 2`, `before the schedule`… for a route label.
    static func routeName(_ label: String) -> String {
        switch label {
        case "d": "default (data)"
        case "b": "before the schedule"
        case "a": "after the schedule"
        default: label.hasPrefix("r") ? "rule " + label.dropFirst() : label.hasPrefix("v") ? "variant " + label.dropFirst() : label
        }
    }

    /// The data files behind every dashboard: each dynamic code, each tag, and all codes.
    func dataFiles(_ write: (String, [UInt8]) throws -> Void) throws {
        guard let numbers = input.numbers else { return }
        func add(_ report: CodeAnalytics, as name: String) throws {
            try write("data/\(name).json", report.compactJSON)
            try write("data/\(name).csv", Array(report.csv.utf8))
        }
        let reports = input.manifest.codes.compactMap { code -> (name: String, report: CodeAnalytics)? in
            guard code.type == .dynamic, let id = code.id?.text, var report = numbers.long.codes[id] else { return nil }
            if code.routing.choosesAtScan { report.routeTargets = code.routing.targets(data: code.payload) }
            return (code.fileStem, report)
        }
        let dynamic = reports.map(\.report.id)
        // Made on all cores a batch at a time, written in order on this thread.
        for start in stride(from: 0, to: reports.count, by: SiteWriter.batchSize) {
            let batch = Array(reports[start..<min(start + SiteWriter.batchSize, reports.count)])
            let made = Concurrently.map(batch.map(\.report)) { report in (report.compactJSON, Array(report.csv.utf8)) }
            for (entry, files) in zip(batch, made) {
                try write("data/\(entry.name).json", files.0)
                try write("data/\(entry.name).csv", files.1)
            }
        }
        for tag in tags {
            let ids = (members[tag] ?? []).filter { $0.type == .dynamic }.compactMap { $0.id?.text }
            try add(CodeAnalytics.combined(ids.compactMap { numbers.long.codes[$0] }, id: "tag-\(tag)", days: SiteNumbers.longDays), as: "tag-\(tag)")
        }
        try add(CodeAnalytics.combined(dynamic.compactMap { numbers.long.codes[$0] }, id: "all", days: SiteNumbers.longDays), as: "all")
    }

    /// "+12% on the 30 days before", with a trend class for the stylesheet.
    static func change(_ now: Int, _ before: Int) -> (String, String) {
        if before == 0 { return (now == 0 ? "none in the \(SiteNumbers.shortDays) days before either" : "none in the \(SiteNumbers.shortDays) days before", now > 0 ? "up" : "") }
        let percent = Int((Double(now - before) * 100 / Double(before)).rounded())
        if percent == 0 { return ("the same as the \(SiteNumbers.shortDays) days before", "") }
        return ("\(percent > 0 ? "+" : "")\(percent)% on the \(SiteNumbers.shortDays) days before", percent > 0 ? "up" : "down")
    }

    /// `05-21` for a chart's axis.
    static func shortDate(_ day: Int) -> String { String(AnalyticsText.date(day).dropFirst(5)) }

    /// Scans by day of the week, Monday first (1970-01-01 was a Thursday).
    static func weekdays(_ series: [CodeAnalytics.Day]) -> [(label: String, scans: Int)] {
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        var scans = [Int](repeating: 0, count: 7)
        for day in series {
            let weekday = ((day.day % 7) + 7 + 3) % 7  // 0 = Monday
            scans[weekday] += day.scans
        }
        return zip(names, scans).map { ($0, $1) }
    }
}
