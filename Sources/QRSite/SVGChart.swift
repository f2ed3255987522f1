/// Charts as inline SVG, drawn when the site is built: crisp at any size, printable,
/// readable without a script. Each has a title for screen readers; the numbers are also
/// in a table beside it (see the templates). Colours come from the stylesheet (classes),
/// so the light and dark schemes both apply and the pages need no inline style.
enum SVGChart {
    /// The layout both bar charts share: 900 units wide, a left margin for the scale and a
    /// bottom one for labels.
    private struct Frame {
        static let width = 900.0, left = 36.0, bottom = 22.0, top = 8.0
        let height: Double
        let step: Double
        let scale: Double
        var base: Double { height - Self.bottom }

        init(values: [Int], height: Double) {
            self.height = height
            step = (Self.width - Self.left) / Double(max(1, values.count))
            scale = (height - Self.bottom - Self.top) / Double(max(1, values.max() ?? 1))
        }
    }

    /// The opening of a bar chart of `values`: the element, its title, the axis and the bars.
    private static func barChart(_ values: [Int], height: Double, title: String, id: String) -> (svg: String, frame: Frame) {
        let frame = Frame(values: values, height: height)
        let peak = max(1, values.max() ?? 1)
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(Int(Frame.width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)\">"
        out += "<title id=\"\(id)\">\(HTML.escape(title))</title>"
        out += "<line class=\"axis\" x1=\"\(Int(Frame.left))\" y1=\"\(Int(frame.base))\" x2=\"\(Int(Frame.width))\" y2=\"\(Int(frame.base))\"/>"
        out += "<line class=\"grid\" x1=\"\(Int(Frame.left))\" y1=\"\(Int(Frame.top))\" x2=\"\(Int(Frame.width))\" y2=\"\(Int(Frame.top))\"/>"
        out += "<text class=\"label end\" x=\"\(Int(Frame.left - 4))\" y=\"\(Int(Frame.top + 4))\">\(peak)</text>"
        out += "<text class=\"label end\" x=\"\(Int(Frame.left - 4))\" y=\"\(Int(frame.base))\">0</text>"
        // All bars in one path (the numbers are in the table beside the chart): a tenth
        // of the bytes of a rectangle and a tooltip per bar, on 10,000 code pages.
        var path = ""
        let barWidth = number(frame.step * 0.8)
        for (index, value) in values.enumerated() where value > 0 {
            let barHeight = Double(value) * frame.scale
            path += "M\(number(Frame.left + Double(index) * frame.step + frame.step * 0.1)) \(number(frame.base))v-\(number(barHeight))h\(barWidth)v\(number(barHeight))z"
        }
        if !path.isEmpty { out += "<path class=\"bar\" d=\"\(path)\"/>" }
        return (out, frame)
    }

    /// Bars of scans per day with unique scans as a line over them.
    ///
    /// Complexity: O(n) in the days.
    static func daily(_ days: [(label: String, scans: Int, unique: Int)], title: String, id: String) -> String {
        var (out, frame) = barChart(days.map(\.scans), height: 170, title: title, id: id)
        if days.contains(where: { $0.unique > 0 }) {
            let points = days.enumerated().map { index, day in
                "\(number(Frame.left + (Double(index) + 0.5) * frame.step)),\(number(frame.base - Double(day.unique) * frame.scale))"
            }
            out += "<polyline class=\"unique\" points=\"\(points.joined(separator: " "))\"/>"
        }
        if let first = days.first, let last = days.last {
            out += "<text class=\"label\" x=\"\(Int(Frame.left))\" y=\"\(Int(frame.height - 6))\">\(HTML.escape(first.label))</text>"
            out += "<text class=\"label end\" x=\"\(Int(Frame.width))\" y=\"\(Int(frame.height - 6))\">\(HTML.escape(last.label))</text>"
        }
        return out + "</svg>"
    }

    /// Bars of scans by a small fixed set of labels (hours of the day, days of the week).
    static func histogram(_ values: [(label: String, scans: Int)], title: String, id: String, labelEvery: Int = 1) -> String {
        var (out, frame) = barChart(values.map(\.scans), height: 150, title: title, id: id)
        for (index, value) in values.enumerated() where index % labelEvery == 0 {
            let x = Frame.left + (Double(index) + 0.5) * frame.step
            out += "<text class=\"label middle\" x=\"\(number(x))\" y=\"\(Int(frame.height - 6))\">\(HTML.escape(value.label))</text>"
        }
        return out + "</svg>"
    }

    /// A small bar for a ranked list's row: `share` of the row's width, in steps of 2%
    /// (classes `s0`…`s50` of the stylesheet; an inline width would break the CSP). A few
    /// dozen bytes: a code page has 70 of them, and a site 10,000 code pages.
    static func share(_ share: Double) -> String {
        let step = Int((max(0, min(1, share)) * 50).rounded())
        return "<span class=\"share\"><i class=\"s\(step)\"></i></span>"
    }

    /// A sparkline of scans per day for a gallery card.
    static func sparkline(_ values: [Int]) -> String {
        let width = 120.0, height = 28.0
        let peak = max(1, values.max() ?? 1)
        let step = width / Double(max(1, values.count - 1))
        let points = values.enumerated().map { "\(number(Double($0.offset) * step)),\(number(height - 2 - Double($0.element) / Double(peak) * (height - 4)))" }
        return "<svg class=\"sparkline\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" aria-hidden=\"true\"><polyline points=\"\(points.joined(separator: " "))\"/></svg>"
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
