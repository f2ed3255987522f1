/// A dynamic code's id: the redirect slug, 8 characters from a case-insensitive
/// alphabet without look-alikes (no 0/o, 1/l/i), so nginx's case-insensitive map
/// keys can never collide and a person can read an id off a printout.
public struct CodeID: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The id as written.
    public let text: String

    /// The 31 characters ids are made of.
    public static let alphabet = Array("23456789abcdefghjkmnpqrstuvwxyz")
    public static let length = 8

    /// Per ASCII byte, whether it is one of `alphabet`'s characters.
    private static let isAlphabetByte: [Bool] = (0..<128).map { alphabet.contains(Character(Unicode.Scalar(UInt8($0)))) }

    /// The id in lower case: two ids are the same code when their keys are equal. Made
    /// once: a build looks it up for every code in several places, and sorts by it.
    public let key: String

    public var description: String { text }

    /// Validates a hand-written id; the error says what is wrong and how to fix it.
    public init(validating text: String) throws(ManifestIssue.Reason) {
        // The usual case, a valid id, is checked on its bytes; anything else is looked at
        // character by character below, to say what is wrong with it.
        if let key = Self.key(ifValid: text) {
            self.init(text: text, key: key)
            return
        }
        guard text.count == Self.length else {
            throw .init("must be \(Self.length) characters long (got \(text.count)); let `qrbuild add` pick one")
        }
        for character in text.lowercased() where !Self.alphabet.contains(character) {
            let why: String = switch character {
            case "0", "o": "it looks like 0/o"
            case "1", "l", "i": "it looks like 1/l/i"
            default: "ids use only 2-9 and a-z without i, l, o"
            }
            throw .init("contains \"\(character)\", which ids leave out (\(why)); let `qrbuild add` pick one")
        }
        self.init(unchecked: text)
    }

    /// The lower-case key of `text` if it is a valid id: 8 bytes, each in the alphabet
    /// once ASCII upper case is folded to lower case; nil otherwise.
    ///
    /// - Complexity: O(1): at most 8 bytes are read.
    static func key(ifValid text: String) -> String? {
        guard text.utf8.count == length else { return nil }
        var valid = true
        let key = String(unsafeUninitializedCapacity: length) { buffer in
            for (index, byte) in text.utf8.enumerated() {
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                guard lower < 0x80, Self.isAlphabetByte[Int(lower)] else {
                    valid = false
                    return 0
                }
                buffer[index] = lower
            }
            return length
        }
        return valid ? key : nil
    }

    /// A new random id from the system's cryptographically secure generator.
    public static func generate(avoiding taken: Set<String> = []) -> CodeID {
        var generator = SystemRandomNumberGenerator()
        while true {
            let text = String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
            if !taken.contains(text) { return CodeID(unchecked: text) }
        }
    }

    init(unchecked text: String) {
        self.init(text: text, key: text.lowercased())
    }

    private init(text: String, key: String) {
        self.text = text
        self.key = key
    }

    public static func < (lhs: CodeID, rhs: CodeID) -> Bool { lhs.key < rhs.key }
}
