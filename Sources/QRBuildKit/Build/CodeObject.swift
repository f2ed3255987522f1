import QRPayload

/// A code in the hosted API's object shape, as `codes.json`, `list --json` and `show --json` give it.
enum CodeObject {
    /// `id`, `type`, `dataType`, `destination`, `redirectUrl`, `status`, `encrypted`, `secure`,
    /// `createdAt`, `updatedAt`, then qrbuild's own `name`, `tags` and `image`.
    /// A password-protected code's destination is `null`: it never appears in generated files.
    static func make(_ code: Manifest.Code, manifest: Manifest, lock: Lockfile.Entry?) -> FieldValue {
        let destination: FieldValue = code.hidesDestination ? .null : .string(code.payload)
        return .object([
            .init("id", .optional(code.id?.text)),
            .init("type", .string(code.type.rawValue)),
            .init("dataType", .string(code.dataType.rawValue)),
            .init("destination", destination),
            .init("redirectUrl", .optional(manifest.redirectURL(of: code))),
            .init("status", .string(code.status.rawValue)),
            .init("encrypted", .bool(code.secure.contains(.encrypted))),
            .init("secure", .array(code.secure.map { .string($0.rawValue) })),
            .init("createdAt", .optional(lock?.publishedAt)),
            .init("updatedAt", .optional(lock?.updatedAt)),
            .init("name", .optional(code.name)),
            .init("tags", .array(code.tags.map(FieldValue.string))),
            .init("image", .string("images/" + code.fileName)),
        ])
    }
}
