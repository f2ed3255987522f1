import QRPayload
import Testing

@Suite struct ValuePathTests {
    @Test func plainKeysAreBareAndOthersQuoted() {
        #expect(ValuePath.member("ssid", of: "") == "ssid")
        #expect(ValuePath.member("logo-size_2", of: "codes[3].style") == "codes[3].style.logo-size_2")
        #expect(ValuePath.member("a.b", of: "codes[3].style") == #"codes[3].style["a.b"]"#)
        #expect(ValuePath.member("", of: "x") == #"x[""]"#)
        #expect(ValuePath.member("say \"hi\"\\\n\u{1}", of: "x") == #"x["say \"hi\"\\\n\u0001"]"#)
        #expect(ValuePath.member("ключ", of: "") == #"["ключ"]"#)
    }

    @Test func pathsComeApartIntoTheirSteps() {
        #expect(ValuePath.components("phone[1].number") == [.key("phone"), .index(1), .key("number")])
        #expect(ValuePath.components(#"codes[3].style["a.b"].size"#) == [.key("codes"), .index(3), .key("style"), .key("a.b"), .key("size")])
        #expect(ValuePath.components("") == [])
        #expect(ValuePath.components("codes[x]") == [.key("codes")])
    }

    @Test(arguments: ["a.b", "", "[0]", "x\"]y", "tab\there", "\u{7F}", "a/b~c", "ключ", "\\u0041"])
    func quotedKeysRoundTrip(key: String) {
        let path = ValuePath.member(key, of: "codes[2].data")
        #expect(ValuePath.components(path) == [.key("codes"), .index(2), .key("data"), .key(key)])
    }
}
