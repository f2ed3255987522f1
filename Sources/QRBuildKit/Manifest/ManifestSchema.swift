import QRStyle
import QRPayload

/// The manifest's JSON Schema (draft 2020-12), built from the decoder's own key lists and
/// enumerations so the two agree. It never rejects what the decoder accepts; rules that
/// depend on defaults (an id is required only for dynamic codes) stay with the decoder.
public enum ManifestSchema {
    public static var text: String { JSONWriter.pretty(document) }

    private static func enumeration(_ values: [String]) -> FieldValue {
        .object([.init("enum", .array(values.map(FieldValue.string)))])
    }

    private static func object(_ properties: [(String, FieldValue)], required: [String] = []) -> FieldValue {
        var members: [FieldValue.Member] = [
            .init("type", .string("object")),
            .init("additionalProperties", .bool(false)),
            .init("properties", .object(properties.map { FieldValue.Member($0.0, $0.1) })),
        ]
        if !required.isEmpty { members.append(.init("required", .array(required.map(FieldValue.string)))) }
        return .object(members)
    }

    private static func integer(_ minimum: Int, _ maximum: Int) -> FieldValue {
        .object([.init("type", .string("integer")), .init("minimum", .number("\(minimum)")), .init("maximum", .number("\(maximum)"))])
    }

    private static let name = FieldValue.object([
        .init("type", .string("string")), .init("pattern", .string("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")),
    ])

    private static let tags = FieldValue.object([
        .init("type", .string("array")),
        .init("items", .object([.init("type", .string("string")), .init("pattern", .string("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")),
                                .init("not", .object([.init("const", .string("all"))]))])),
    ])

    private static let color = FieldValue.object([
        .init("type", .string("string")),
        .init("pattern", .string("^(#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?|[A-Za-z]{3,20})$")),
    ])

    private static let style = object([
        ("margin", integer(0, 100)), ("foreground", color), ("background", color),
        ("errorCorrection", enumeration(["L", "M", "Q", "H"])), ("scale", integer(1, 100)),
        ("invert", .object([.init("type", .string("boolean"))])),
        ("shape", enumeration(ModuleShape.allCases.map(\.rawValue))),
        ("finder", object([("outer", enumeration(FinderStyle.Outer.allCases.map(\.rawValue))),
                           ("inner", enumeration(FinderStyle.Inner.allCases.map(\.rawValue))),
                           ("color", color), ("innerColor", color)])),
        ("gradient", object([("type", enumeration(StyleGradient.Kind.allCases.map(\.rawValue))),
                             ("angle", .object([.init("type", .string("number"))])),
                             ("stops", .object([.init("type", .string("array")), .init("minItems", .number("2")), .init("items", color)])),
                             ("at", .object([.init("type", .string("array")),
                                             .init("items", .object([.init("type", .string("number")), .init("minimum", .number("0")),
                                                                     .init("maximum", .number("1"))]))]))])),
        ("logo", nullable(object([
            ("file", .object([.init("type", .string("string")), .init("minLength", .number("1"))])),
            ("size", .object([.init("anyOf", .array([.object([.init("const", .string("auto"))]),
                                                     .object([.init("type", .string("number")), .init("exclusiveMinimum", .number("0")),
                                                              .init("maximum", .number("0.4"))])]))])),
            ("padding", .object([.init("type", .string("number")), .init("minimum", .number("0")), .init("maximum", .number("4"))])),
            ("background", .object([.init("anyOf", .array([.object([.init("const", .string("none"))]), color]))])),
            ("shape", enumeration(["square", "circle"])),
        ]))),
        ("frame", nullable(object([
            ("text", .object([.init("type", .string("string")), .init("minLength", .number("1")), .init("maxLength", .number("60"))])),
            ("position", enumeration(FrameStyle.Position.allCases.map(\.rawValue))),
            ("color", color), ("textColor", color),
            ("font", .object([.init("type", .string("string")), .init("minLength", .number("1")), .init("maxLength", .number("100"))])),
        ], required: ["text"]))),
    ])

    /// One image format, or a list of different ones (the first is the code's own).
    private static let returnTypes = FieldValue.object([.init("anyOf", .array([
        enumeration(Manifest.ReturnType.allCases.map(\.rawValue)),
        .object([.init("type", .string("array")), .init("minItems", .number("1")), .init("uniqueItems", .bool(true)),
                 .init("items", enumeration(Manifest.ReturnType.allCases.map(\.rawValue)))]),
    ]))])

    /// `schema`, or null (which removes what the defaults set).
    private static func nullable(_ schema: FieldValue) -> FieldValue {
        .object([.init("anyOf", .array([schema, .object([.init("type", .string("null"))])]))])
    }

    private static let url = FieldValue.object([.init("type", .string("string")), .init("minLength", .number("1"))])

    /// A string or a non-empty list of strings from `item`.
    private static func oneOrMany(_ item: FieldValue) -> FieldValue {
        .object([.init("anyOf", .array([item, .object([.init("type", .string("array")), .init("minItems", .number("1")), .init("items", item)])]))])
    }

    private static let rules = FieldValue.object([
        .init("type", .string("array")), .init("maxItems", .number("\(ManifestDecoder.maximumRules)")),
        .init("items", object([
            ("when", object([
                ("os", oneOrMany(enumeration(ClientOS.allCases.map(\.rawValue)))),
                ("device", oneOrMany(enumeration(DeviceClass.allCases.map(\.rawValue)))),
                ("language", oneOrMany(.object([.init("type", .string("string")),
                                                .init("pattern", .string("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,2}$"))]))),
                ("country", oneOrMany(.object([.init("type", .string("string")), .init("pattern", .string("^[A-Za-z]{2}$"))]))),
            ])),
            ("to", url),
        ], required: ["when", "to"])),
    ])

    private static let split = FieldValue.object([
        .init("type", .string("array")), .init("minItems", .number("2")), .init("maxItems", .number("\(ManifestDecoder.maximumVariants)")),
        .init("items", object([
            ("to", url),
            ("weight", .object([.init("type", .string("number")), .init("exclusiveMinimum", .number("0")), .init("maximum", .number("100")),
                                .init("multipleOf", .number("0.01"))])),
        ], required: ["to", "weight"])),
    ])

    private static let dateTime = FieldValue.object([
        .init("type", .string("string")),
        .init("pattern", .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$")),
    ])

    private static let schedule = object([("from", dateTime), ("until", dateTime), ("before", url), ("after", url)])

    private static let utm = object(UTMTags.keys.map { ($0, FieldValue.object([.init("type", .string("string"))])) })

    private static let code: FieldValue = object([
        ("id", .object([.init("type", .string("string")), .init("pattern", .string("^[2-9a-hjkmnp-zA-HJKMNP-Z]{8}$"))])),
        ("name", name),
        ("type", enumeration(Manifest.CodeType.allCases.map(\.rawValue))),
        ("dataType", enumeration(DataType.allCases.map(\.rawValue))),
        ("data", .object([.init("type", .array([.string("string"), .string("object")]))])),
        ("returnType", returnTypes),
        ("style", style),
        ("status", enumeration(Manifest.Status.allCases.map(\.rawValue))),
        ("tags", tags),
        ("secure", .object([.init("type", .string("array")), .init("items", enumeration(["locked", "password", "encrypted"]))])),
        ("rules", rules),
        ("split", split),
        ("schedule", schedule),
        ("utm", nullable(utm)),
    ], required: ["data"])

    private static var document: FieldValue {
        var schema = object([
            ("$schema", .object([.init("type", .string("string"))])),
            ("version", .object([.init("const", .number("1"))])),
            ("redirect", object([
                ("base", .object([.init("type", .string("string")), .init("pattern", .string("^[Hh][Tt][Tt][Pp][Ss]?://[^?#]+/$"))])),
                ("status", enumeration([]).replacingEnum(with: [.number("301"), .number("302"), .number("307"), .number("308")])),
                ("fallback", .object([.init("type", .string("string"))])),
                ("countryVariable", .object([.init("type", .string("string")), .init("pattern", .string("^\\$[A-Za-z0-9_]+$"))])),
            ], required: ["base"])),
            ("defaults", object([
                ("type", enumeration(Manifest.CodeType.allCases.map(\.rawValue))),
                ("dataType", enumeration(DataType.allCases.map(\.rawValue))),
                ("returnType", returnTypes),
                ("style", style),
                ("status", enumeration(Manifest.Status.allCases.map(\.rawValue))),
                ("tags", tags),
                ("utm", utm),
            ])),
            ("codes", .object([.init("type", .string("array")), .init("items", code)])),
        ], required: ["version", "codes"])
        guard case .object(var members) = schema else { return schema }
        members.insert(contentsOf: [
            .init("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            .init("$id", .string("https://qrbuild.dev/schema/manifest-1.json")),
            .init("title", .string("qrbuild manifest")),
        ], at: 0)
        schema = .object(members)
        return schema
    }
}

private extension FieldValue {
    func replacingEnum(with values: [FieldValue]) -> FieldValue { .object([.init("enum", .array(values))]) }
}
