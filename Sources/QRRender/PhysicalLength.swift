/// A printed length such as `30mm` or `1.5in`, for SVG `width`/`height` and PNG sizing.
public struct PhysicalLength: Hashable, Sendable {
    public enum Unit: String, CaseIterable, Sendable {
        case millimetres = "mm", centimetres = "cm", inches = "in", points = "pt", picas = "pc", pixels = "px"

        /// How many of this unit make an inch (CSS units: 96 px per inch).
        var perInch: Double {
            switch self {
            case .millimetres: 25.4
            case .centimetres: 2.54
            case .inches: 1
            case .points: 72
            case .picas: 6
            case .pixels: 96
            }
        }
    }

    /// The number as the user wrote it, validated: digits with at most one decimal point.
    public let number: String
    public let value: Double
    public let unit: Unit

    /// The length in inches.
    public var inches: Double { value / unit.perInch }

    /// The length as SVG writes it, e.g. `30mm`.
    public var svgValue: String { number + unit.rawValue }

    /// Why a length was refused.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public let input: String
        public var description: String {
            let units = Unit.allCases.map(\.rawValue).joined(separator: ", ")
            return "invalid size '\(input)': use a positive number and a unit (\(units)), e.g. 30mm"
        }
    }

    /// Parses a positive decimal number followed by a unit: `30mm`, `1.25in`, `300px`.
    public init(parsing text: String) throws(ParseError) {
        guard let unit = Unit.allCases.first(where: { text.hasSuffix($0.rawValue) }) else {
            throw ParseError(input: text)
        }
        let number = String(text.dropLast(unit.rawValue.count))
        let digits = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(digits.count), digits.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              digits.allSatisfy({ !$0.isEmpty }), let value = Double(number), value > 0, value.isFinite else {
            throw ParseError(input: text)
        }
        self.number = number
        self.value = value
        self.unit = unit
    }
}
