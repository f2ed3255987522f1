/// An sRGB colour with alpha, 8 bits per channel.
public struct RGBAColor: Hashable, Sendable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    /// 255 is opaque, 0 fully transparent.
    public var alpha: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    public static let black = RGBAColor(red: 0, green: 0, blue: 0)
    public static let white = RGBAColor(red: 255, green: 255, blue: 255)
    public static let transparent = RGBAColor(red: 255, green: 255, blue: 255, alpha: 0)

    /// Whether the colour is fully opaque.
    public var isOpaque: Bool { alpha == 255 }

    /// `#rrggbb`, without alpha.
    public var hexRGB: String {
        let digits: StaticString = "0123456789abcdef"
        var text: [UInt8] = [UInt8(ascii: "#")]
        text.reserveCapacity(7)
        digits.withUTF8Buffer { hex in
            for byte in [red, green, blue] {
                text.append(hex[Int(byte >> 4)])
                text.append(hex[Int(byte & 0xF)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension RGBAColor {
    /// Why a colour string was refused.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public let input: String
        public var description: String {
            "invalid colour '\(input)': use #RRGGBB or #RRGGBBAA (hex digits), a CSS colour name such as navy, or 'transparent'"
        }
    }

    /// Parses `#RRGGBB`, `#RRGGBBAA` (case-insensitive), a CSS colour name or `transparent`.
    public init(parsing text: String) throws(ParseError) {
        if text.lowercased() == "transparent" {
            self = .transparent
            return
        }
        if let (red, green, blue) = Self.cssNames[text.lowercased()] {
            self.init(red: red, green: green, blue: blue)
            return
        }
        let digits = Array(text.utf8)
        guard digits.first == UInt8(ascii: "#"), digits.count == 7 || digits.count == 9 else {
            throw ParseError(input: text)
        }
        var channels: [UInt8] = []
        var index = 1
        while index < digits.count {
            guard let high = Self.hexValue(digits[index]), let low = Self.hexValue(digits[index + 1]) else {
                throw ParseError(input: text)
            }
            channels.append(high << 4 | low)
            index += 2
        }
        self.init(red: channels[0], green: channels[1], blue: channels[2],
                  alpha: channels.count == 4 ? channels[3] : 255)
    }

    private static func hexValue(_ unit: UInt8) -> UInt8? {
        switch unit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): unit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): unit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): unit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
