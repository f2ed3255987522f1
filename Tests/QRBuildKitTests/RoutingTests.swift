import Foundation
@testable import QRBuildKit
import Testing

@Suite struct RoutingTests {
    /// The `$msec` pattern for a boundary matches exactly the times at or after it, on a
    /// large random sample near the boundary and at every scale away from it.
    @Test func epochPatternsAgreeWithNumberOrder() throws {
        var generator = SystemRandomNumberGenerator()
        let boundaries = [1, 9, 10, 11, 99, 100, 999_999_999, 1_000_000_000, 1_772_323_200, 1_799_999_999, 1_800_000_000,
                          2_000_000_000, 9_999_999_999, 10_000_000_000]
            + (0..<20).map { _ in Int.random(in: 1_600_000_000...4_200_000_000, using: &generator) }
        for boundary in boundaries {
            let regex = try NSRegularExpression(pattern: EpochPattern.atLeast(boundary))
            var samples = [boundary - 1, boundary, boundary + 1, 0]
            for scale in 0...10 {
                let spread = Int(pow(10.0, Double(scale)))
                for _ in 0..<100 { samples.append(Int.random(in: max(0, boundary - spread)...(boundary + spread), using: &generator)) }
            }
            for value in samples where value >= 0 {
                let text = "\(value).\(Int.random(in: 100...999, using: &generator))"
                let matched = regex.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
                #expect(matched == (value >= boundary), "\(boundary): \(text)")
            }
        }
    }

    @Test func scheduleTimesTakeOffsetsAndRefuseNonDates() {
        #expect(ScheduleTime.seconds(from: "2027-03-01T00:00:00Z") == 1_803_859_200)
        #expect(ScheduleTime.seconds(from: "2027-03-01T01:00:00+01:00") == 1_803_859_200)
        #expect(ScheduleTime.seconds(from: "2027-02-28T19:30:00-04:30") == 1_803_859_200)
        #expect(ScheduleTime.seconds(from: "2028-02-29T00:00:00Z") != nil)
        for bad in ["2027-02-29T00:00:00Z", "2027-03-01 00:00:00Z", "2027-03-01T00:00:00", "2027-03-01T24:00:00Z",
                    "2027-03-01T00:00:00.5Z", "2027-03-01T00:00:00+1:00", "2027-13-01T00:00:00Z", ""] {
            #expect(ScheduleTime.seconds(from: bad) == nil, "\(bad)")
        }
        #expect(ScheduleTime.text(fromSeconds: 1_803_859_200) == "2027-03-01T00:00:00Z")
    }

    @Test func utmTagsGoBeforeTheFragmentOnceEach() {
        let tags = UTMTags(values: [("source", "qr"), ("campaign", "{name} & co")]).filled(name: "spring", id: "k3x9pq7m", tags: [])
        #expect(tags.apply(to: "https://e.com/") == "https://e.com/?utm_source=qr&utm_campaign=spring%20%26%20co")
        #expect(tags.apply(to: "https://e.com/?a=1#x") == "https://e.com/?a=1&utm_source=qr&utm_campaign=spring%20%26%20co#x")
        #expect(tags.apply(to: "https://e.com/?utm_source=web") == "https://e.com/?utm_source=web&utm_campaign=spring%20%26%20co")
        #expect(tags.apply(to: "https://e.com/?") == "https://e.com/?utm_source=qr&utm_campaign=spring%20%26%20co")
        let empty = UTMTags(values: [("content", "{tag}")]).filled(name: nil, id: nil, tags: [])
        #expect(empty.apply(to: "https://e.com/") == "https://e.com/", "an empty value adds nothing")
        #expect(UTMTags.problem(with: "{nmae}") != nil && UTMTags.problem(with: "{id}-{tag}") == nil)
    }

    @Test func viewsMatchRulesLikeTheManifestSays() {
        var condition = RuleCondition()
        condition.os = [.android]
        condition.device = [.tablet]
        condition.language = ["de"]
        #expect(NginxRouting.matches(condition, client: (.android, .tablet), language: "de-at", country: nil))
        #expect(!NginxRouting.matches(condition, client: (.android, .phone), language: "de", country: nil))
        #expect(!NginxRouting.matches(condition, client: (.android, .tablet), language: "_", country: nil))
        var languages = RuleCondition()
        languages.language = ["zh-hant"]
        #expect(NginxRouting.matches(languages, client: nil, language: "zh-hant", country: nil))
        #expect(!NginxRouting.matches(languages, client: nil, language: "zh-hans", country: nil))
        #expect(ManifestDecoder.hundredths("33.33") == 3333 && ManifestDecoder.hundredths("12.5") == 1250)
        #expect(ManifestDecoder.hundredths("1e2") == nil && ManifestDecoder.hundredths("50.005") == nil)
    }

    /// A plain code's map value is unchanged by routing elsewhere in the manifest, and the
    /// log always names a rule (empty for plain codes).
    @Test func plainCodesKeepOneMapValue() throws {
        let text = #"""
        {"version": 1, "redirect": {"base": "https://qr.example.com/r/"}, "codes": [
          {"id": "k3x9pq7m", "data": "https://example.com/plain"},
          {"id": "a7pp4k2m", "data": "https://example.com/app", "rules": [{"when": {"os": "ios"}, "to": "https://apps.apple.com/"}]}]}
        """#
        let manifest = try ManifestDecoder.decode(Array(text.utf8), file: "m.json").manifest
        let output = try NginxCompiler.compile(manifest)
        #expect(output.http.contains("\"/r/k3x9pq7m\" \"https://example.com/plain\";"))
        #expect(output.http.contains("\"/r/a7pp4k2m\" $qrbuild_routed_target;"))
        #expect(output.http.contains("\"rule\":\"$qrbuild_rule\""))
        let plain = try ManifestDecoder.decode(Array(#"{"version": 1, "redirect": {"base": "https://qr.example.com/r/"}, "codes": [{"id": "k3x9pq7m", "data": "https://example.com/plain"}]}"#.utf8), file: "m.json").manifest
        let plainOutput = try NginxCompiler.compile(plain)
        #expect(plainOutput.http.contains("map $uri $qrbuild_rule {\n    default \"\";\n}"))
        #expect(!plainOutput.http.contains("$qrbuild_client"))
    }
}
