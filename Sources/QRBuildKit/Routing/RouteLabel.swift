/// The short labels nginx logs for the destination it chose (`"rule"` in the scan log):
/// `r1`…`r32` for a rule, `v1`…`v20` for a split's variant, `b`/`a` before/after the
/// schedule, `d` for the code's data. Numbered by position in `all`, which only ever grows
/// at the end (stored counts keep their meaning).
public enum RouteLabel {
    public static let all: [String] = ["d", "b", "a"] + (1...ManifestDecoder.maximumRules).map { "r\($0)" }
        + (1...ManifestDecoder.maximumVariants).map { "v\($0)" }

    /// The position + 1 of the label in `bytes` (as logged), or 0 for none or unknown.
    ///
    /// Complexity: O(1); the label is at most three bytes.
    @inline(__always)
    public static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        guard let first = bytes.first else { return 0 }
        switch (first, bytes.count) {
        case (UInt8(ascii: "d"), 1): return 1
        case (UInt8(ascii: "b"), 1): return 2
        case (UInt8(ascii: "a"), 1): return 3
        case (UInt8(ascii: "r"), 2...3), (UInt8(ascii: "v"), 2...3):
            var value = 0
            for byte in bytes.dropFirst() {
                guard byte >= 0x30, byte <= 0x39 else { return 0 }
                value = value * 10 + Int(byte - 0x30)
            }
            let limit = first == UInt8(ascii: "r") ? ManifestDecoder.maximumRules : ManifestDecoder.maximumVariants
            guard value >= 1, value <= limit, bytes[1] != 0x30 else { return 0 }
            return UInt8(first == UInt8(ascii: "r") ? 3 + value : 3 + ManifestDecoder.maximumRules + value)
        default: return 0
        }
    }
}

extension Routing {
    /// Each label's destination as nginx sends it (UTM tags added); a schedule side with no
    /// destination answers 410 and is left out. `data` is the code's own destination.
    public func targets(data: String) -> [String: String] {
        func tagged(_ url: String) -> String { utm.map { $0.apply(to: url) } ?? url }
        var result: [String: String] = [:]
        for (index, rule) in rules.enumerated() { result["r\(index + 1)"] = tagged(rule.to) }
        for (index, variant) in split.enumerated() { result["v\(index + 1)"] = tagged(variant.to) }
        if let before = schedule?.before { result["b"] = tagged(before) }
        if let after = schedule?.after { result["a"] = tagged(after) }
        result["d"] = tagged(data)
        return result
    }
}
