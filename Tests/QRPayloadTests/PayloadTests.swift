@testable import QRPayload
import Testing

func object(_ members: [(String, FieldValue)]) -> FieldValue {
    .object(members.map { FieldValue.Member($0.0, $0.1) })
}

func payload(_ type: DataType, _ members: [(String, FieldValue)]) throws -> String {
    try Payload.make(type, data: object(members))
}

func errors(_ type: DataType, _ data: FieldValue) -> [String] {
    do {
        _ = try Payload.make(type, data: data)
        return []
    } catch {
        return error.errors.map(\.description)
    }
}

@Suite struct URLTests {
    @Test func keepsCaseAndEncodesNonASCII() throws {
        #expect(try WebURL.normalize("https://Example.com/Spring?Q=A") == "https://Example.com/Spring?Q=A")
        #expect(try WebURL.normalize("HTTPS://QR.EXAMPLE.COM/R/K3X9") == "HTTPS://QR.EXAMPLE.COM/R/K3X9")
        #expect(try WebURL.normalize("https://example.com/Grüße?q=café#ä") == "https://example.com/Gr%C3%BC%C3%9Fe?q=caf%C3%A9#%C3%A4")
        #expect(try WebURL.normalize("https://example.com/a b") == "https://example.com/a%20b")
        #expect(try WebURL.normalize("https://example.com/%41%zz") == "https://example.com/%41%25zz")
        // Each character RFC 3986 leaves out, around ones that stay as they are.
        #expect(try WebURL.normalize(#"https://example.com/a"b<c>d\e^f`g{h|i}j?k=l&m=n#o"#)
                == "https://example.com/a%22b%3Cc%3Ed%5Ce%5Ef%60g%7Bh%7Ci%7Dj?k=l&m=n#o")
        #expect(try WebURL.normalize("https://example.com") == "https://example.com")
        #expect(try WebURL.normalize("http://example.com:8080/") == "http://example.com:8080/")
        #expect(try WebURL.normalize("https://[2001:db8::1]/x") == "https://[2001:db8::1]/x")
    }

    @Test func internationalHostsBecomePunycode() throws {
        #expect(Punycode.encode("bücher") == "bcher-kva")
        #expect(Punycode.encode("münchen") == "mnchen-3ya")
        #expect(try WebURL.normalize("https://Bücher.example/") == "https://xn--bcher-kva.example/")
        #expect(try WebURL.normalize("https://例え.テスト/パス") == "https://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9")
    }

    @Test func rejectsWhatIsNotAnHTTPURL() {
        let cases: [(String, String)] = [
            ("javascript:alert(1)", "scheme \"javascript:\" is not allowed"),
            ("data:text/html,x", "scheme \"data:\" is not allowed"),
            ("ftp://example.com", "scheme \"ftp:\" is not allowed"),
            ("example.com/spring", "has no scheme; write it as https://example.com/spring"),
            ("https://", "has no host"),
            ("https://user:pw@example.com", "user name or password"),
            ("https://example.com:99999/", "port \"99999\""),
            ("https://exa mple.com/", "contains \" \""),
            ("https://example.com/\r\nX: y", "control character (U+000D)"),
            (" https://example.com", "leading or trailing whitespace"),
            ("https://example.com/\t", "leading or trailing whitespace"),
            ("https://example.com/ü\u{3000}", "leading or trailing whitespace"),
            ("https://example.com/\u{7F}", "control character (U+007F)"),
            ("https://-bad.com", "hyphen"),
            ("https://a..b", "empty label"),
        ]
        for (input, expected) in cases {
            let messages = errors(.url, .string(input))
            #expect(messages.count == 1 && messages[0].contains(expected), "\(input): \(messages)")
        }
    }
}

@Suite struct StructuredTypeTests {
    @Test func emailVector() throws {
        let result = try payload(.email, [("to", .string("alice@example.com")), ("subject", .string("Hello & welcome")),
                                          ("body", .string("Line 1\nLine 2"))])
        #expect(result == "mailto:alice@example.com?subject=Hello%20%26%20welcome&body=Line%201%0D%0ALine%202")
        #expect(try payload(.email, [("to", .string("a@b.io")), ("body", .string("1+1"))]) == "mailto:a@b.io?body=1%2B1")
        let many = try payload(.email, [("to", .array([.string("a@x.org"), .string("b+tag@x.org")])),
                                        ("cc", .string("c@x.org")), ("bcc", .string("d@x.org"))])
        #expect(many == "mailto:a@x.org,b%2Btag@x.org?cc=c@x.org&bcc=d@x.org")
        #expect(errors(.email, object([("subject", .string("hi"))])) == ["to: required: an email code needs at least one recipient (to, cc or bcc)"])
        #expect(errors(.email, object([("to", .string("nobody"))])) == ["to: \"nobody\" is not an email address (expected name@domain)"])
    }

    @Test func emailAddressesKeepOnlyWhatEveryParserReadsAlike() throws {
        // `+` read as a space by form decoders; `=`, `&`, `,` split fields; `^{|}` and the
        // back quote are not allowed in a URI at all (RFC 6068 §2, §5).
        let result = try payload(.email, [("to", .string("ada+news@example.com")), ("cc", .string("o'neil=x&y,z@example.com")),
                                          ("bcc", .string("a^b`c{d|e}f~g!h$i*j@example.com"))])
        #expect(result == "mailto:ada%2Bnews@example.com?cc=o'neil%3Dx%26y%2Cz@example.com&bcc=a%5Eb%60c%7Bd%7Ce%7Df~g!h$i*j@example.com")
        #expect(try payload(.email, [("to", .string("jörg@bücher.example"))]) == "mailto:j%C3%B6rg@xn--bcher-kva.example")
    }

    @Test func wifiVectors() throws {
        let hidden = try payload(.wifi, [("ssid", .string("Cafe;Bar")), ("password", .string("p:a,s\"s\\")), ("hidden", .bool(true))])
        #expect(hidden == "WIFI:T:WPA;S:Cafe\\;Bar;P:p\\:a\\,s\\\"s\\\\;H:true;;")
        #expect(try payload(.wifi, [("ssid", .string("Guest"))]) == "WIFI:T:nopass;S:Guest;;")
        #expect(try payload(.wifi, [("ssid", .string("12AB")), ("password", .string("correct horse")), ("security", .string("sae"))])
                == "WIFI:T:SAE;S:12AB;P:correct horse;;")
        #expect(errors(.wifi, object([("ssid", .string("x")), ("password", .string("short"))]))
                == ["password: a WPA password has 8 to 63 characters (or 64 hex digits); this one has 5"])
        #expect(errors(.wifi, object([("sid", .string("x"))])) == ["sid: unknown field for dataType \"wifi\" (did you mean \"ssid\"?)", "ssid: required for dataType \"wifi\""])
        #expect(errors(.wifi, object([("ssid", .string("x")), ("security", .string("WAP"))]))
                == ["security: \"WAP\" is not one of WPA (WPA/WPA2/WPA3 transition), SAE (WPA3 only), WEP, nopass (did you mean \"WPA\"?)"])
        #expect(errors(.wifi, .string("Guest")).first?.contains("must be an object for dataType \"wifi\"") == true)
    }

    @Test func phoneSMSAndGeo() throws {
        #expect(try payload(.phone, [("number", .string("+1 (415) 555-0123"))]) == "tel:+14155550123")
        #expect(errors(.phone, object([("number", .string("0415 555 0123"))])).first?.contains("E.164") == true)
        #expect(try payload(.sms, [("number", .string("+14155550123")), ("message", .string("Hi: see you at 10:30"))])
                == "SMSTO:+14155550123:Hi: see you at 10:30")
        #expect(try payload(.sms, [("number", .string("12345"))]) == "SMSTO:12345:")
        #expect(errors(.sms, object([("number", .string("0415 555 0123"))]))
                == ["number: \"0415 555 0123\" is not an international number: write it in E.164 form, e.g. +14155550123 or a short code of 3 to 8 digits"])
        #expect(try payload(.geo, [("latitude", .number("52.520008")), ("longitude", .number("13.404954"))]) == "geo:52.520008,13.404954")
        #expect(try payload(.geo, [("latitude", .number("-3.5e-5")), ("longitude", .number("1E2")), ("altitude", .number("34.50"))])
                == "geo:-0.000035,100,34.5")
        #expect(errors(.geo, object([("latitude", .number("91")), ("longitude", .number("0"))]))
                == ["latitude: 91 is out of range: it must be between -90 and 90"])
        #expect(errors(.geo, object([("latitude", .string("north")), ("longitude", .bool(true))]))
                == ["latitude: \"north\" is not a decimal number", "longitude: must be a number, not a boolean"])
    }

    @Test func aTrunkPrefixAfterTheCountryCodeIsDropped() throws {
        // "(0)" is dialled only inside the country (ITU-T E.123): never after +44.
        for written in ["+44 (0)20 7123 4567", "+44(0)2071234567", "+44 (0) 20-7123-4567", "(+44) (0)20 7123 4567"] {
            #expect(try payload(.phone, [("number", .string(written))]) == "tel:+442071234567", "\(written)")
        }
        #expect(try payload(.phone, [("number", .string("+49 (0)30 901820"))]) == "tel:+4930901820")
        #expect(try payload(.phone, [("number", .string("+1 (0)415 555 0123"))]) == "tel:+14155550123")
        #expect(try payload(.phone, [("number", .string("+353 (0)1 234 5678"))]) == "tel:+35312345678")
        #expect(try payload(.sms, [("number", .string("+44 (0)7700 900123")), ("message", .string("hi"))]) == "SMSTO:+447700900123:hi")
        let card = try payload(.vcard, [("name", .string("Ada")), ("phone", .string("+44 (0)20 7123 4567"))])
        #expect(card.contains("\r\nTEL:+442071234567\r\n"))
        // An area code in parentheses is plain grouping.
        #expect(try payload(.phone, [("number", .string("+1 (415) 555-0123"))]) == "tel:+14155550123")
    }

    @Test func aParenthesisedZeroThatCannotBeReadIsRefused() {
        let refusals: [(String, String)] = [
            ("+39 (06) 1234 5678", "number: \"+39 (06) 1234 5678\" is ambiguous: the 0 in \"(06)\" may be a national trunk prefix (dropped after the country code) or part of the number (as in Italy); write the number without parentheses, e.g. +390612345678 if the 0 is dialled after +39, otherwise +39612345678"),
            ("+44 20 (0)7123 4567", "number: \"+44 20 (0)7123 4567\" is ambiguous: \"(0)\" stands inside the number, not right after the country code +44, so it cannot be read as a trunk prefix; write the number without parentheses in E.164 form, e.g. +14155550123"),
            ("+442 (0)0 1234567", "stands inside the number, not right after the country code +44"),
            ("+44 (020) 7123 4567", "the 0 in \"(020)\" may be a national trunk prefix"),
            ("+44 (0 20 7123 4567", "has a \"(\" without its \")\""),
            ("+44 0) 20 7123 4567", "has a \")\" without its \"(\""),
            ("+44 ((0)) 20 7123 4567", "has a parenthesis inside another"),
            ("+44 (0)", "is not an international number"),
        ]
        for (written, message) in refusals {
            let messages = errors(.phone, object([("number", .string(written))]))
            #expect(messages.count == 1 && messages[0].contains(message), "\(written): \(messages)")
        }
        let card = errors(.vcard, object([("name", .string("Ada")), ("phone", .array([.string("+39 (06) 1234 5678")]))]))
        #expect(card.count == 1 && card[0].hasPrefix("phone[0]: \"+39 (06) 1234 5678\" is ambiguous: the 0 in"), "\(card)")
        #expect(errors(.sms, object([("number", .string("+39 (06) 1234 5678"))])).first?.contains("or a short code") == false)
    }

    @Test func countryCodesAreReadPrefixFree() {
        let lengths = ["1415": 1, "7495": 1, "4420": 2, "4930": 2, "3531": 3, "8521": 3, "2120": 3, "2012": 2, "9988": 3]
        for (digits, length) in lengths {
            #expect(PhoneNumber.countryCodeLength(of: Array(digits)) == length, "\(digits)")
        }
    }

    @Test func vcardIsVersion3WithCRLFAndEscapes() throws {
        let card = try payload(.vcard, [
            ("name", .string("Ada Lovelace")), ("organization", .string("Analytical Engines, Ltd; R&D")),
            ("title", .string("Countess")),
            ("phone", .array([.string("+44 20 7123 4567"), object([("type", .string("cell")), ("number", .string("+447700900123"))])])),
            ("email", object([("type", .string("work")), ("address", .string("ada@example.com"))])),
            ("url", .string("https://example.com/ada")),
            ("address", object([("street", .string("12 St James's Square")), ("city", .string("London")), ("country", .string("UK"))])),
            ("note", .string("Line one\nLine two")),
        ])
        #expect(card == [
            "BEGIN:VCARD", "VERSION:3.0", "N:Lovelace;Ada;;;", "FN:Ada Lovelace",
            "ORG:Analytical Engines\\, Ltd\\; R&D", "TITLE:Countess",
            "TEL:+442071234567", "TEL;TYPE=CELL:+447700900123", "EMAIL;TYPE=WORK:ada@example.com",
            "URL:https://example.com/ada", "ADR:;;12 St James's Square;London;;;UK", "NOTE:Line one\\nLine two",
            "END:VCARD", "",
        ].joined(separator: "\r\n"))
        #expect(errors(.vcard, object([("title", .string("x"))])) == ["name: required: give name, or firstName and/or lastName"])
    }

    @Test func vcardTypesCannotAddPropertiesOrCards() {
        let injected = "work\r\nURL:https://evil.example\r\nTEL:+19005550100\r\nEND:VCARD\r\nBEGIN:VCARD"
        let address = object([("street", .string("1 Main St")), ("type", .string(injected))])
        #expect(errors(.vcard, object([("name", .string("Ada")), ("address", address)]))
                == ["address.type: \"\(injected)\" is not a type like work, home, cell, fax"])
        let phone = object([("type", .string("cell;X-EVIL=1")), ("number", .string("+447700900123"))])
        #expect(errors(.vcard, object([("name", .string("Ada")), ("phone", phone)]))
                == ["phone.type: \"cell;X-EVIL=1\" is not a type like work, home, cell, fax"])
        // Values are escaped, never raw: a line break in any text field stays inside its line.
        let card = (try? payload(.vcard, [("name", .string("Ada\r\nURL:https://evil.example")), ("note", .string("a\rEND:VCARD")),
                                          ("address", object([("city", .string("x\nTEL:1")), ("type", .string("home"))]))])) ?? ""
        #expect(card.components(separatedBy: "\r\n").filter { $0.hasPrefix("URL") || $0.hasPrefix("END") || $0.hasPrefix("TEL") }
                == ["END:VCARD"])
        #expect(card.contains("\r\nADR;TYPE=HOME:;;;x\\nTEL:1;;;\r\n"))
    }

    @Test func vcardFoldsLongLinesWithoutSplittingUTF8() {
        let line = "NOTE:" + String(repeating: "ü", count: 60)  // 5 + 120 bytes
        let folded = VCardPayload.fold(line)
        let physical = folded.components(separatedBy: "\r\n")
        #expect(physical.count == 2)
        #expect(physical.allSatisfy { $0.utf8.count <= 75 })
        #expect(physical[1].hasPrefix(" "))
        #expect(physical[0] + physical[1].dropFirst() == line)
    }

    @Test func plainDecimals() {
        #expect(PlainDecimal.normalize("1e3") == "1000")
        #expect(PlainDecimal.normalize("0.000") == "0")
        #expect(PlainDecimal.normalize("-0.0") == "0")
        #expect(PlainDecimal.normalize("+12.50") == "12.5")
        #expect(PlainDecimal.normalize("1.5e-3") == "0.0015")
        #expect(PlainDecimal.normalize("abc") == nil)
        #expect(PlainDecimal.normalize(".") == nil)
    }

    @Test func suggestions() {
        #expect(NameSuggestion.closest(to: "sid", among: ["ssid", "password"]) == "ssid")
        #expect(NameSuggestion.closest(to: "dataTpye", among: ["dataType", "data"]) == "dataType")
        #expect(NameSuggestion.closest(to: "zzzzzz", among: ["ssid"]) == nil)
    }
}
