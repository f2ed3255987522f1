import ArgumentParser
import Foundation
import QRBuildKit
import QRCore
import QRPayload
import QRRender

extension ErrorCorrectionLevel: ExpressibleByArgument {
    public init?(argument: String) { self.init(letter: argument) }
    public static var allValueStrings: [String] { ["L", "M", "Q", "H"] }
    public var defaultValueDescription: String { String(letter) }
}

extension StaticRenderRequest.Format: ExpressibleByArgument {}
extension DataType: ExpressibleByArgument {}

extension QRBuild {
    /// `qrbuild render`: one static code, straight to a file or the terminal.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Render one static QR code (PNG, SVG, terminal or a 0/1 matrix).",
            discussion: """
                SVG, terminal and matrix output go to standard output unless -o is given. \
                PNG needs -o FILE, or -o - to write to a pipe.
                """
        )

        @Option(parsing: .unconditional, help: "The text or URL to encode; '-' reads it from standard input, byte for byte.")
        var data: String

        @Option(help: ArgumentHelp(
            "Build the payload from structured data: url, text, email, wifi, vcard, sms, phone or geo.",
            discussion: "For email, wifi, vcard, sms, phone and geo, --data is a JSON object of fields."))
        var dataType: DataType?

        @Option(help: "Output format (default: from the -o file's extension, else svg).")
        var format: StaticRenderRequest.Format?

        @Option(name: [.short, .customLong("output")], help: "Write to this file (atomically); '-' for standard output.")
        var output: String?

        @Option(help: "Error correction level: L, M, Q or H (default M).")
        var ecc: ErrorCorrectionLevel?

        @Option(parsing: .unconditional, help: "Use exactly this QR version (1-40).")
        var symbolVersion: Int?

        @Option(parsing: .unconditional, help: "Smallest QR version to use (1-40).")
        var minSymbolVersion: Int?

        @Option(parsing: .unconditional, help: "Largest QR version to use (1-40).")
        var maxSymbolVersion: Int?

        @Option(parsing: .unconditional, help: "Use this mask (0-7) instead of the one with the lowest penalty.")
        var mask: Int?

        @Flag(help: "Raise the error correction level as far as the version allows.")
        var boostEcc = false

        @Flag(help: "Never write the UTF-8 ECI header (for scanners that mishandle it).")
        var noEci = false

        @Flag(help: "Put all data in one byte-mode segment instead of the shortest mix of modes.")
        var byteMode = false

        @Option(parsing: .unconditional, help: "Quiet zone in modules (default 4).")
        var margin: Int?

        @Option(parsing: .unconditional, help: "PNG pixels per module.")
        var scale: Int?

        @Option(parsing: .unconditional, help: "PNG width in pixels (whole pixels per module; the rest widens the quiet zone).")
        var width: Int?

        @Option(parsing: .unconditional, help: "Pixel density to record in the PNG (pHYs).")
        var dpi: Int?

        @Option(parsing: .unconditional, help: "Printed size, e.g. 30mm or 1.5in (SVG width/height; PNG with --dpi).")
        var size: String?

        @Option(help: "Dark module colour: #RRGGBB, #RRGGBBAA or a CSS colour name (default black).")
        var fg: String?

        @Option(help: "Background colour: #RRGGBB, #RRGGBBAA, a CSS colour name or 'transparent' (default white).")
        var bg: String?

        @Flag(help: "Allow light modules on a dark background (many phone readers fail on them).")
        var invert = false

        @Option(help: "A style object with the manifest's style keys, e.g. {\"shape\": \"rounded\", \"finder\": {\"inner\": \"rounded\"}, \"gradient\": {\"type\": \"linear\", \"angle\": 45, \"stops\": [\"#0b3d91\", \"#137a6f\"]}, \"logo\": {\"file\": \"logo.svg\"}, \"frame\": {\"text\": \"SCAN ME\"}}; the flags win over it.")
        var style: String?

        @Flag(help: "Print the hosted API's static-render JSON instead of the bare image.")
        var json = false

        @Flag(help: "Read a styled image back with zbar before writing it; fail (exit 65) if it does not give back the exact data.")
        var verify = false

        func run() throws {
            let request = try makeRequest()
            let result: StaticRenderResult
            do {
                result = try StaticRenderer.render(request)
            } catch {
                throw error.isDataError ? UserFacingError.data(error.description) : UserFacingError.usage(error.description)
            }
            let bytes = json ? Array(try jsonText(result).utf8) : result.output
            try emit(bytes, isBinary: [.png, .pdf, .eps].contains(result.format) && !json)
        }

        private func jsonText(_ result: StaticRenderResult) throws -> String {
            do {
                return try result.json()
            } catch {
                throw UserFacingError.usage(error.description)
            }
        }

        private func emit(_ bytes: [UInt8], isBinary: Bool) throws {
            guard let output, output != "-" else {
                if isBinary && output == nil {
                    throw UserFacingError.usage("PNG output needs -o FILE (or -o - to write to a pipe)")
                }
                if isBinary && StandardStream.outputIsTerminal {
                    throw UserFacingError.usage("refusing to write PNG bytes to a terminal; redirect or use -o FILE")
                }
                guard StandardStream.writeOutput(bytes) else { throw UserFacingError.io("cannot write to standard output") }
                return
            }
            do {
                try AtomicFile.write(bytes, to: output)
            } catch {
                throw UserFacingError.io(error.description)
            }
        }

        private func makeRequest() throws -> StaticRenderRequest {
            let payload: [UInt8]
            if data == "-" {
                guard let input = StandardStream.readInput() else { throw UserFacingError.io("cannot read standard input") }
                payload = input
            } else {
                payload = Array(data.utf8)
            }
            var request = StaticRenderRequest(data: payload, format: resolvedFormat)
            if let dataType {
                do {
                    request = try .structured(type: dataType, data: String(decoding: payload, as: UTF8.self), format: resolvedFormat)
                } catch {
                    throw UserFacingError.data(error.description)
                }
            }
            let styled = try style.map(StaticStyle.init(parsing:)) ?? StaticStyle()
            // A logo takes modules away: without a level given, use the one that spares most.
            request.encoding = try encodingOptions(ecc ?? styled.defaultErrorCorrection)
            request.style = try renderStyle(styled)
            request.shapes = styled.shapes
            request.verify = verify
            if let logo = styled.shapes.logo {
                do {
                    // Relative to the working folder, read as the build reads it (no links).
                    request.logo = try LogoLibrary.read(logo.file, in: ".").image
                } catch {
                    throw UserFacingError.data("--style.logo.file: \(error)")
                }
            }
            let scale = self.scale ?? styled.scale
            // https://no-color.org: any non-empty NO_COLOR turns colour off.
            request.terminalColors = (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
            if scale != nil && width != nil { throw UserFacingError.usage("use --scale or --width, not both") }
            if let scale { request.scale = .pixelsPerModule(scale) }
            if let width { request.scale = .width(width) }
            request.dpi = dpi
            if let size {
                do {
                    request.size = try PhysicalLength(parsing: size)
                } catch {
                    throw UserFacingError.usage(error.description)
                }
                if width != nil || scale != nil, resolvedFormat == .png {
                    throw UserFacingError.usage("--size sets the PNG width; drop --scale/--width")
                }
            }
            return request
        }

        /// `--format`, else the output file's extension (`.png`, `.svg`), else SVG.
        private var resolvedFormat: StaticRenderRequest.Format {
            if let format { return format }
            let name = (output ?? "").lowercased()
            if name.hasSuffix(".png") { return .png }
            if name.hasSuffix(".pdf") { return .pdf }
            if name.hasSuffix(".eps") { return .eps }
            return .svg
        }

        private func encodingOptions(_ ecc: ErrorCorrectionLevel) throws -> QREncodingOptions {
            var options = QREncodingOptions(errorCorrectionLevel: ecc)
            if let symbolVersion {
                guard minSymbolVersion == nil, maxSymbolVersion == nil else {
                    throw UserFacingError.usage("--symbol-version fixes the version; drop --min/--max-symbol-version")
                }
                options.fixVersion(try Self.version(symbolVersion, option: "--symbol-version"))
            }
            if let minSymbolVersion { options.minimumVersion = try Self.version(minSymbolVersion, option: "--min-symbol-version") }
            if let maxSymbolVersion { options.maximumVersion = try Self.version(maxSymbolVersion, option: "--max-symbol-version") }
            if let mask {
                guard let fixed = QRMask(mask) else { throw UserFacingError.usage("--mask must be 0-7 (got \(mask))") }
                options.mask = fixed
            }
            options.boostErrorCorrection = boostEcc
            options.eciPolicy = noEci ? .never : .automatic
            options.segmentation = byteMode ? .singleByteSegment : .optimal
            return options
        }

        private static func version(_ number: Int, option: String) throws -> QRVersion {
            guard let version = QRVersion(number) else {
                throw UserFacingError.usage("\(option) must be 1-40 (got \(number))")
            }
            return version
        }

        /// Margin and colours: the flags, else `--style`'s keys, else the defaults.
        private func renderStyle(_ styled: StaticStyle) throws -> RenderStyle {
            do {
                return try styled.renderStyle(margin: margin, foreground: fg, background: bg, invert: invert)
            } catch {
                switch error {
                case .color(let message): throw UserFacingError.usage(message)
                case .contrast(let problem): throw UserFacingError.data("--fg/--bg: " + problem)
                }
            }
        }
    }
}
