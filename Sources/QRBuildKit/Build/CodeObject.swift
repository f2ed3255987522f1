import QRPayload

/// A code in the hosted API's object shape, as `codes.json`, `list --json` and `show --json` give it.
enum CodeObject {
    /// `id`, `type`, `dataType`, `destination`, `redirectUrl`, `status`, `encrypted`, `secure`,
    /// `createdAt`, `updatedAt`, then qrbuild's own `name`, `tags` and `image`, and for a
    /// routed code its `rules`, `split`, `schedule` and `utm` (only those it has).
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
        ] + (code.returnTypes.count > 1 ? [.init("images", .array(code.returnTypes.map { .string("images/" + code.fileName($0)) }))] : [])
          + code.routing.members.map { FieldValue.Member("\($0.name)", $0.value) })
    }

    /// `codes.json`: every code's object in a pretty-printed list, byte for byte what
    /// `JSONWriter.pretty(.array(codes.map(make)))` gives, written without the tree.
    ///
    /// Complexity: O(n) in the size of the output.
    static func listing(_ manifest: Manifest, lockfile: Lockfile) -> [UInt8] {
        Array(listingParts(manifest, lockfile: lockfile).joined())
    }

    /// ``listing(_:lockfile:)`` in parts that follow one another, written as they are:
    /// joining them would copy megabytes once more.
    static func listingParts(_ manifest: Manifest, lockfile: Lockfile) -> [[UInt8]] {
        guard !manifest.codes.isEmpty else { return [Array("[]\n".utf8)] }
        // Slices written on all cores: each object's text depends on its code alone.
        let slices = Concurrently.map(Concurrently.parts(of: manifest.codes.count, count: 16)) { range -> [UInt8] in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(range.count * 480)
            for position in range {
                let code = manifest.codes[position]
                bytes.append(contentsOf: position == 0 ? [0x0A, 0x20, 0x20] : [0x2C, 0x0A, 0x20, 0x20])
                let lock = code.id.flatMap { lockfile.entries[$0.key] }
                var object = JSONObjectWriter(appendingTo: &bytes, depth: 1)
                object.string("id", code.id?.text)
                object.string("type", code.type.rawValue)
                object.string("dataType", code.dataType.rawValue)
                object.string("destination", code.hidesDestination ? nil : code.payload)
                object.string("redirectUrl", manifest.redirectURL(of: code))
                object.string("status", code.status.rawValue)
                object.bool("encrypted", code.secure.contains(.encrypted))
                object.strings("secure", code.secure.map(\.rawValue))
                object.string("createdAt", lock?.publishedAt)
                object.string("updatedAt", lock?.updatedAt)
                object.string("name", code.name)
                object.strings("tags", code.tags)
                object.string("image", "images/" + code.fileName)
                if code.returnTypes.count > 1 { object.strings("images", code.returnTypes.map { "images/" + code.fileName($0) }) }
                for member in code.routing.members { object.value(member.name, member.value) }
                bytes = object.finish()
            }
            return bytes
        }
        return [[0x5B]] + slices + [[0x0A, 0x5D, 0x0A]]
    }
}
