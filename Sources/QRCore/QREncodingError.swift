/// Why data could not become a symbol.
public enum QREncodingError: Error, Hashable, Sendable {
    /// The data needs more bits than the largest allowed version holds at the level.
    case dataTooLong(DataTooLong)
    /// The minimum version is above the maximum.
    case invalidVersionRange(minimum: QRVersion, maximum: QRVersion)

    /// The sizes involved when data does not fit.
    public struct DataTooLong: Hashable, Sendable {
        /// Bits the data needs (segment headers included) at `version`.
        public let requiredBits: Int
        /// Data bits `version` holds at `level`.
        public let capacityBits: Int
        /// The largest version that was allowed.
        public let version: QRVersion
        public let level: ErrorCorrectionLevel

        /// How many bits too many.
        public var excessBits: Int { requiredBits - capacityBits }
        /// The excess rounded up to whole bytes.
        public var excessBytes: Int { (excessBits + 7) / 8 }
    }
}

extension QREncodingError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .dataTooLong(let info):
            let unit = info.excessBytes == 1 ? "byte" : "bytes"
            return "data too long: it needs \(info.requiredBits) bits, but version \(info.version) "
                + "at error correction \(info.level.letter) holds \(info.capacityBits) "
                + "(\(info.capacityBits / 8) bytes); \(info.excessBits) bits (\(info.excessBytes) \(unit)) over"
        case .invalidVersionRange(let minimum, let maximum):
            return "minimum version \(minimum) is above maximum version \(maximum)"
        }
    }
}
