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
        for (index, day) in days.enumerated() where day.scans > 0 {
            let barHeight = Double(day.scans) * scale
            out += "<rect class=\"bar\" x=\"\(number(left + Double(index) * step + step * 0.1))\" y=\"\(number(height - bottom - barHeight))\" "
            out += "width=\"\(number(step * 0.8))\" height=\"\(number(barHeight))\"><title>\(HTML.escape(day.label)): \(day.scans) scans, \(day.unique) unique</title></rect>"
        }
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
        for (index, value) in values.enumerated() {
            let x = left + Double(index) * step
            if value.scans > 0 {
                let barHeight = Double(value.scans) * scale
                out += "<rect class=\"bar\" x=\"\(number(x + step * 0.1))\" y=\"\(number(height - bottom - barHeight))\" width=\"\(number(step * 0.8))\" "
                out += "height=\"\(number(barHeight))\"><title>\(HTML.escape(value.label)): \(value.scans) scans</title></rect>"
            }
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
