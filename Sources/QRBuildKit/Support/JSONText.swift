import QRPayload

/// JSON string literals, for output whose key order is part of the contract.
public enum JSONText {
    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal to `out`, without an intermediate string
    /// when nothing needs escaping (almost always).
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        var text = text
        let appended = text.withUTF8 { bytes in
            guard isPlain(bytes) else { return false }
            out.append(0x22)
            out.append(contentsOf: bytes)
            out.append(0x22)
            return true
        }
        if !appended { out.append(contentsOf: escaped(text).utf8) }
    }

    /// True if no byte of `bytes` needs escaping: none is a control character, `"`, `\`
    /// or 0xE2 (which leads U+2028 and U+2029, not allowed raw in a JavaScript string).
    /// Eight bytes at a time: a byte below n shows in `(w − n·ones) & ~w & highs` for
    /// n ≤ 128, and a byte equal to c as a zero byte of `w ^ c·ones`; each test is exact
    /// about whether any byte qualifies.
    ///
    /// - Complexity: O(n).
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasByteBelow(_ limit: UInt64, _ word: UInt64) -> Bool {
            (word &- ones &* limit) & ~word & highs != 0
        }
        var index = 0
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if hasByteBelow(0x20, word) || hasByteBelow(1, word ^ (ones &* 0x22))
                || hasByteBelow(1, word ^ (ones &* 0x5C)) || hasByteBelow(1, word ^ (ones &* 0xE2)) {
                return false
            }
            index += 8
        }
        while index < bytes.count {
            let byte = base[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 { return false }
            index += 1
        }
        return true
    }

    /// The literal for a string that needs escaping, scalar by scalar.
    private static func escaped(_ text: String) -> String { JSONString.literal(text) }
}
