/// A dynamic code's id: the redirect slug, 8 characters from a case-insensitive
/// alphabet without look-alikes (no 0/o, 1/l/i), so nginx's case-insensitive map
/// keys can never collide and a person can read an id off a printout.
public struct CodeID: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The id as written.
    public let text: String

    /// The 31 characters ids are made of.
    public static let alphabet = Array("23456789abcdefghjkmnpqrstuvwxyz")
    public static let length = 8

    /// The id in lower case: two ids are the same code when their keys are equal.
    public var key: String { text.lowercased() }

    public var description: String { text }

    /// Validates a hand-written id; the error says what is wrong and how to fix it.
    public init(validating text: String) throws(ManifestIssue.Reason) {
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
        self.text = text
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
        self.text = text
    }

    public static func < (lhs: CodeID, rhs: CodeID) -> Bool { lhs.key < rhs.key }
}
