import QRCore
import QRStyle

/// The version a code with an `auto` logo is drawn at. Versions 7 to 13 and 21 to 27 have
/// an alignment pattern in the very middle, where a logo goes, and version 1 has no
/// codewords to spare: there the code moves up to the next version that has room, within
/// the largest version allowed. A given logo size never moves the version: it fits, or is
/// refused with the size that would.
enum LogoVersion {
    /// `code`, or the same data encoded again at the smallest larger version with room for
    /// `logo`; `encode` encodes with the options it is given.
    ///
    /// - Complexity: O(size³) per version tried (the `auto` search); at most 40 tries.
    static func fitting<Failure: Error>(_ code: QRCode, logo: LogoStyle?, options: QREncodingOptions,
                                        encode: (QREncodingOptions) throws(Failure) -> QRCode) throws(Failure) -> QRCode {
        guard let logo, case .auto = logo.size, !logo.fits(version: code.version, level: code.errorCorrectionLevel),
              code.version.number < options.maximumVersion.number else { return code }
        for number in (code.version.number + 1)...options.maximumVersion.number {
            guard let version = QRVersion(number), logo.fits(version: version, level: code.errorCorrectionLevel) else { continue }
            var larger = options
            larger.minimumVersion = version
            return try encode(larger)
        }
        return code
    }
}
