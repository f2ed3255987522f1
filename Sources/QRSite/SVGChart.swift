/// Charts as inline SVG, drawn when the site is built: crisp at any size, printable,
/// readable without a script. Each has a title for screen readers; the numbers are also
/// in a table beside it (see the templates). Colours come from the stylesheet (classes),
/// so the light and dark schemes both apply and the pages need no inline style.
enum SVGChart {
    /// Bars of scans per day with unique scans as a line over them.
    ///
    /// Complexity: O(n) in the days.
    static func daily(_ days: [(label: String, scans: Int, unique: Int)], title: String, id: String) -> String {
        let width = 900.0, height = 170.0, left = 36.0, bottom = 22.0, top = 8.0
        let peak = max(1, days.map(\.scans).max() ?? 1)
        let step = (width - left) / Double(max(1, days.count))
        let scale = (height - bottom - top) / Double(peak)
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)\">"
        out += "<title id=\"\(id)\">\(HTML.escape(title))</title>"
        out += axis(peak: peak, left: left, width: width, height: height, bottom: bottom, top: top)
        // All bars in one path (the numbers are in the table beside the chart): a tenth
        // of the bytes of a rectangle and a tooltip per bar, on 10,000 code pages.
        out += bars(days.map(\.scans), left: left, step: step, base: height - bottom, scale: scale)
        let points = days.enumerated().map { index, day in
            "\(number(left + (Double(index) + 0.5) * step)),\(number(height - bottom - Double(day.unique) * scale))"
        }
        if days.contains(where: { $0.unique > 0 }) {
            out += "<polyline class=\"unique\" points=\"\(points.joined(separator: " "))\"/>"
        }
        if let first = days.first, let last = days.last {
            out += "<text class=\"label\" x=\"\(Int(left))\" y=\"\(Int(height - 6))\">\(HTML.escape(first.label))</text>"
            out += "<text class=\"label end\" x=\"\(Int(width))\" y=\"\(Int(height - 6))\">\(HTML.escape(last.label))</text>"
        }
        return out + "</svg>"
    }

    /// Bars of scans by a small fixed set of labels (hours of the day, days of the week).
    static func histogram(_ values: [(label: String, scans: Int)], title: String, id: String, labelEvery: Int = 1) -> String {
        let width = 900.0, height = 150.0, left = 36.0, bottom = 22.0, top = 8.0
        let peak = max(1, values.map(\.scans).max() ?? 1)
        let step = (width - left) / Double(max(1, values.count))
        let scale = (height - bottom - top) / Double(peak)
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)\">"
        out += "<title id=\"\(id)\">\(HTML.escape(title))</title>"
        out += axis(peak: peak, left: left, width: width, height: height, bottom: bottom, top: top)
        out += bars(values.map(\.scans), left: left, step: step, base: height - bottom, scale: scale)
        for (index, value) in values.enumerated() {
            let x = left + Double(index) * step
            if index % labelEvery == 0 {
                out += "<text class=\"label middle\" x=\"\(number(x + step / 2))\" y=\"\(Int(height - 6))\">\(HTML.escape(value.label))</text>"
            }
        }
        return out + "</svg>"
    }

    /// A small bar for a ranked list's row: `share` of the row's width.
    static func share(_ share: Double) -> String {
        let width = max(0, min(100, share * 100))
        return "<svg class=\"share\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect class=\"track\" width=\"100\" height=\"8\"/>"
            + "<rect class=\"bar\" width=\"\(number(width))\" height=\"8\"/></svg>"
    }

    /// A sparkline of scans per day for a gallery card.
    static func sparkline(_ values: [Int]) -> String {
        let width = 120.0, height = 28.0
        let peak = max(1, values.max() ?? 1)
        let step = width / Double(max(1, values.count - 1))
        let points = values.enumerated().map { "\(number(Double($0.offset) * step)),\(number(height - 2 - Double($0.element) / Double(peak) * (height - 4)))" }
        return "<svg class=\"sparkline\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" aria-hidden=\"true\"><polyline points=\"\(points.joined(separator: " "))\"/></svg>"
    }

    /// One path of bars standing on `base`, `step` apart from `left`, `scale` per unit.
    private static func bars(_ values: [Int], left: Double, step: Double, base: Double, scale: Double) -> String {
        var path = ""
        let width = number(step * 0.8)
        for (index, value) in values.enumerated() where value > 0 {
            let barHeight = Double(value) * scale
            path += "M\(number(left + Double(index) * step + step * 0.1)) \(number(base))v-\(number(barHeight))h\(width)v\(number(barHeight))z"
        }
        return path.isEmpty ? "" : "<path class=\"bar\" d=\"\(path)\"/>"
    }

    private static func axis(peak: Int, left: Double, width: Double, height: Double, bottom: Double, top: Double) -> String {
        "<line class=\"axis\" x1=\"\(Int(left))\" y1=\"\(Int(height - bottom))\" x2=\"\(Int(width))\" y2=\"\(Int(height - bottom))\"/>"
            + "<line class=\"grid\" x1=\"\(Int(left))\" y1=\"\(Int(top))\" x2=\"\(Int(width))\" y2=\"\(Int(top))\"/>"
            + "<text class=\"label end\" x=\"\(Int(left - 4))\" y=\"\(Int(top + 4))\">\(peak)</text>"
            + "<text class=\"label end\" x=\"\(Int(left - 4))\" y=\"\(Int(height - bottom))\">0</text>"
    }

    /// One decimal at most: charts need no more, and fewer digits keep pages small.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : (tenths < 0 && tenths > -10 ? "-0" : String(tenths / 10)) + "." + String(abs(tenths % 10))
    }
}

/// Escaping for text placed into HTML and SVG outside the templates (which escape their own).
enum HTML {
    /// A data table: a header row, then rows of escaped cells. Made here rather than in the
    /// template: a site of 10,000 codes has millions of cells, and a template renders
    /// each through dynamic lookups (measured: most of the site's time).
    static func table(columns: [String], rows: [[String]]) -> String {
        var out = "<table><thead><tr>"
        for column in columns { out += "<th scope=\"col\">" + escape(column) + "</th>" }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for cell in row { out += "<td>" + escape(cell) + "</td>" }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
