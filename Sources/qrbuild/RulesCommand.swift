import ArgumentParser
import QRBuildKit

extension QRBuild {
    /// `qrbuild rules ID add|remove|list`: a dynamic code's rules, edited in place.
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules",
            abstract: "List, add or remove a dynamic code's redirect rules (first match wins).",
            discussion: """
                qrbuild rules a7pp4k2m list
                qrbuild rules a7pp4k2m add --os ios --to https://apps.apple.com/app/id123
                qrbuild rules a7pp4k2m add --language de --country AT,CH --to https://example.com/de --at 1
                qrbuild rules a7pp4k2m remove 2
                Several conditions of one rule must all hold; a list (ios,android) matches any of its values.
                """)

        enum Action: String, ExpressibleByArgument, CaseIterable {
            case list, add, remove
        }

        @OptionGroup var manifest: ManifestOption
        @OptionGroup var report: OutputOptions
        @Argument(help: "The code's id.") var id: String
        @Argument(help: "list, add or remove.") var action: Action
        @Argument(help: "remove: the rule's number (as list shows it).") var number: Int?
        @Option(help: ArgumentHelp("add: operating systems (\(ClientOS.allCases.map(\.rawValue).joined(separator: ", "))).", valueName: "os,…"))
        var os: [String] = []
        @Option(help: ArgumentHelp("add: device classes (phone, tablet, desktop).", valueName: "class,…"))
        var device: [String] = []
        @Option(help: ArgumentHelp("add: language tags or prefixes of the first Accept-Language choice (de, de-AT).", valueName: "tag,…"))
        var language: [String] = []
        @Option(help: ArgumentHelp("add: ISO country codes (needs redirect.countryVariable).", valueName: "code,…"))
        var country: [String] = []
        @Option(help: "add: where the rule sends a matching scan.") var to: String?
        @Option(help: "add: the new rule's position (1 is tried first; default: last).") var at: Int?
        @Flag(help: "list: the code's rules, split, schedule and UTM tags as JSON.") var json = false

        func validate() throws {
            switch action {
            case .add:
                guard to != nil else { throw ValidationError("add needs --to URL") }
                guard !(os + device + language + country).isEmpty else {
                    throw ValidationError("add needs a condition: --os, --device, --language or --country")
                }
                if number != nil { throw ValidationError("add takes no number; use --at N for its position") }
            case .remove:
                guard number != nil else { throw ValidationError("remove needs the rule's number, e.g. `qrbuild rules \(id) remove 2`") }
            case .list:
                if number != nil { throw ValidationError("list takes no number") }
            }
            if action != .add, to != nil || at != nil || !(os + device + language + country).isEmpty {
                throw ValidationError("--os, --device, --language, --country, --to and --at are for add")
            }
        }

        func run() throws {
            let manifestPath = try manifest.path()
            switch action {
            case .list:
                let editor = try perform { () throws(BuildError) in try ManifestEditor(path: manifestPath) }
                let code = try perform { () throws(BuildError) in try editor.code(withID: id).code }
                print(json ? RoutingListing.json(code) : RoutingListing.text(code), terminator: "")
            case .add:
                let condition = try parsedCondition()
                let code = try perform { () throws(BuildError) in
                    try ManifestEditor.edit(path: manifestPath) { editor throws(BuildError) in
                        try editor.addRule(id: id, when: condition, to: to ?? "", at: at)
                    }
                }
                let index = at.map { $0 - 1 } ?? code.routing.rules.count - 1
                let rule = code.routing.rules[max(0, min(index, code.routing.rules.count - 1))]
                report.say("\(code.id?.text ?? id): rule \(index + 1) of \(code.routing.rules.count): \(rule.when.summary) → \(rule.to)")
            case .remove:
                let code = try perform { () throws(BuildError) in
                    try ManifestEditor.edit(path: manifestPath) { editor throws(BuildError) in try editor.removeRule(id: id, number: number ?? 0) }
                }
                report.say("\(code.id?.text ?? id): rule \(number ?? 0) removed; \(code.routing.rules.count) left")
            }
        }

        /// The condition from the flags; each flag may repeat or hold a comma-separated list.
        private func parsedCondition() throws -> RuleCondition {
            func split(_ values: [String]) -> [String] {
                values.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
            }
            var condition = RuleCondition()
            for value in split(os) {
                guard let system = ClientOS(rawValue: value.lowercased()) else {
                    throw ValidationError("--os \"\(value)\" is not one of \(ClientOS.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if !condition.os.contains(system) { condition.os.append(system) }
            }
            for value in split(device) {
                guard let kind = DeviceClass(rawValue: value.lowercased()) else {
                    throw ValidationError("--device \"\(value)\" is not one of \(DeviceClass.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if !condition.device.contains(kind) { condition.device.append(kind) }
            }
            // Languages and countries are checked when the edited manifest is read back.
            condition.language = split(language)
            condition.country = split(country).map { $0.uppercased() }
            return condition
        }
    }
}
