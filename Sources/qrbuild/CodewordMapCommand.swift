import ArgumentParser
import QRCore

extension QRBuild {
    /// `qrbuild codeword-map` (hidden): which codeword and block each module carries, and
    /// what a centred logo takes, as JSON, for checking the logo rule against other tools.
    struct CodewordMapCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "codeword-map",
            abstract: "Print each module's codeword and block, and a logo footprint's cost, as JSON.",
            shouldDisplay: false
        )

        @Option(help: "The version, 1-40.") var symbolVersion: Int
        @Option(help: "The error correction level: L, M, Q or H.") var ecc: String
        @Option(help: "A centred logo footprint: square or circle.") var logoShape: String?
        @Option(help: "The footprint's width in modules.") var logoWidth: Double?

        func run() throws {
            guard let version = QRVersion(symbolVersion), let level = ErrorCorrectionLevel(letter: ecc) else {
                throw ValidationError("a version 1-40 and a level L, M, Q or H")
            }
            let budget = LogoBudget(version: version, level: level)
            let map = budget.map
            let rows = (0..<map.size).map { y in
                (0..<map.size).map { x -> String in
                    switch map.content(x: x, y: y) {
                    case .function: "-1"
                    case .remainder: "-2"
                    case .codeword(let index): String(index)
                    }
                }.joined(separator: ",")
            }
            let count = (0..<map.size).flatMap { y in (0..<map.size).map { x in map.content(x: x, y: y) } }
                .reduce(0) { if case .codeword(let index) = $1 { max($0, index + 1) } else { $0 } }
            let blocks = (0..<count).map { String(map.block(ofCodeword: $0)) }.joined(separator: ",")
            var out = "{\"size\":\(map.size),\"allowed\":\(map.codewordsEachBlockMayLose),\"modules\":[[" + rows.joined(separator: "],[")
                + "]],\"blocks\":[\(blocks)],\"largest\":{\"square\":\(budget.largestFootprint(.square)),\"circle\":\(budget.largestFootprint(.circle))}"
            if let logoShape, let logoWidth, let shape = LogoFootprint.Shape(rawValue: logoShape) {
                let assessment = budget.assess(LogoFootprint(shape: shape, width: logoWidth))
                out += ",\"assessment\":{\"lost\":[\(assessment.codewordsLostPerBlock.map(String.init).joined(separator: ","))],"
                    + "\"coversFunctionPatterns\":\(assessment.coversFunctionPatterns),\"passes\":\(assessment.passes)}"
            }
            print(out + "}")
        }
    }
}
