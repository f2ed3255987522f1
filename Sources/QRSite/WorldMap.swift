/// A world map of scans by country, drawn at build time as inline SVG.
///
/// The land is one shared file (`world.svg`, every country in a neutral grey, written once
/// per site); each page's map draws that file as its background and adds only the
/// countries it has scans from, shaded in five steps by their share of the top country.
/// So a code page with scans from three countries carries three outlines, not two hundred.
/// Countries too small for the 1:110m outlines (Singapore, Malta, …) are only in the list.
enum WorldMap {
    /// The outlines by country code, looked up once.
    private static let byCode: [String: (name: String, path: String)] = {
        var table: [String: (name: String, path: String)] = [:]
        for outline in outlines { table[outline.code] = (outline.name, outline.path) }
        return table
    }()

    /// `world.svg`: every country's outline in one path.
    ///
    /// Complexity: O(outline bytes).
    static func land() -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">"
        out += "<path fill=\"#8c8c8c\" fill-opacity=\"0.35\" stroke=\"#8c8c8c\" stroke-opacity=\"0.6\" stroke-width=\"0.5\" d=\""
        for outline in outlines { out += outline.path }
        return out + "\"/></svg>\n"
    }

    /// The English name of a country code, if it is one.
    static func name(_ code: String) -> String? { names[code] ?? byCode[code]?.name }

    /// The map for `countries` (code and scans, any order); nil when none of them is on the
    /// map, so a page shows only its list. `root` leads from the page to the site's folder.
    ///
    /// Complexity: O(countries + their outlines' bytes).
    static func svg(_ countries: [(code: String, scans: Int)], title: String, id: String, root: String) -> String? {
        let drawn = countries.filter { $0.scans > 0 && byCode[$0.code] != nil }
        guard let top = drawn.map(\.scans).max() else { return nil }
        var out = "<svg class=\"map\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)\">"
        out += "<title id=\"\(id)\">\(HTML.escape(title))</title>"
        out += "<image href=\"\(HTML.escape(root))world.svg\" width=\"\(width)\" height=\"\(height)\"/>"
        // Busiest last, so its outline is drawn over its neighbours' edges.
        for country in drawn.sorted(by: { ($0.scans, $1.code) < ($1.scans, $0.code) }) {
            guard let outline = byCode[country.code] else { continue }
            out += "<path class=\"m\(shade(country.scans, top: top))\" d=\"\(outline.path)\"><title>"
            out += HTML.escape("\(name(country.code) ?? outline.name) (\(country.code)): \(country.scans) scan\(country.scans == 1 ? "" : "s")") + "</title></path>"
        }
        return out + "</svg>"
    }

    /// 1 (least) to 5 (the top country) on a square-root scale, so a country with a
    /// hundredth of the top's scans still shows.
    static func shade(_ scans: Int, top: Int) -> Int {
        let share = Double(scans).squareRoot() / Double(max(1, top)).squareRoot()
        return min(5, max(1, Int((share * 5).rounded(.up))))
    }
}
