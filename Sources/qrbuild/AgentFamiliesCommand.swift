import ArgumentParser
import QRAnalytics

extension QRBuild {
    /// `qrbuild agent-families` (hidden): how `ingest` sorts each user agent read from
    /// standard input, one tab-separated line each, for checking against ua-parser.
    struct AgentFamiliesCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agent-families",
            abstract: "Print machine, device, OS family and browser family of each user agent on standard input.",
            shouldDisplay: false
        )

        func run() throws {
            while let line = readLine(strippingNewline: true) {
                let agent = AgentDescription(line)
                print([agent.isMachine ? "machine" : "person", agent.device, agent.system, agent.browser].joined(separator: "\t"))
            }
        }
    }
}
