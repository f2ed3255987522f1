import Foundation
import QRBuildKit
import QRCore
import QRPayload
import QRRender

extension APIService {
    /// `POST /api/qr/static`: one code rendered as `qrbuild render --json` renders it;
    /// nothing is stored. `style` takes the manifest's style keys; a logo file is read from
    /// the manifest's folder, as the build reads logos.
    func renderStatic(body: [UInt8]) throws(APIProblem) -> String {
        let object = try RequestBody.object(body, allowed: ["data", "dataType", "returnType", "style"])
        guard let data = object["data"], data != .null else {
            throw APIProblem(.badRequest, "data is required", invalid: [.init(pointer: "/data", detail: "required")])
        }
        var invalid: [APIProblem.Invalid] = []
        var dataType: DataType?
        if let value = object["dataType"], value != .null {
            if case .string(let text) = value, let type = DataType(rawValue: text) { dataType = type } else {
                invalid.append(.init(pointer: "/dataType", detail: "must be one of \(DataType.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        var format = StaticRenderRequest.Format.png
        if let value = object["returnType"], value != .null {
            let formats: [StaticRenderRequest.Format] = [.png, .svg, .pdf, .eps]
            if case .string(let text) = value, let chosen = StaticRenderRequest.Format(rawValue: text), formats.contains(chosen) { format = chosen } else {
                invalid.append(.init(pointer: "/returnType", detail: "must be one of png, svg, pdf, eps"))
            }
        }
        var style = StaticStyle()
        if let node = (try? JSONReader.parse(body))?["style"] {
            style = StaticStyle(node, path: "style") { path, message in
                invalid.append(.init(pointer: APIProblem.pointer(forManifestPath: path, newCodes: nil, bulk: false), detail: message))
            }
        }
        guard invalid.isEmpty else { throw APIProblem.invalid(invalid) }
        var request: StaticRenderRequest
        switch (data, dataType ?? .url) {
        case (.string(let text), let type) where type.takesString || dataType == nil:
            request = StaticRenderRequest(data: Array(text.utf8), format: format)
            if let dataType {
                do {
                    request = try .structured(type: dataType, data: text, format: format)
                } catch {
                    throw APIProblem(.badRequest, error.description, invalid: [.init(pointer: "/data", detail: error.description)])
                }
            }
        case (.object, let type) where !type.takesString:
            do {
                request = try .structured(type: type, data: String(decoding: JSONWriter.compactBytes(data), as: UTF8.self), format: format)
            } catch {
                throw APIProblem(.badRequest, error.description, invalid: [.init(pointer: "/data", detail: error.description)])
            }
        default:
            let wants = (dataType ?? .url).takesString ? "a string" : "a JSON object of fields"
            throw APIProblem(.badRequest, "data must be \(wants) for dataType \((dataType ?? .url).rawValue)", invalid: [.init(pointer: "/data", detail: "must be \(wants)")])
        }
        request.encoding = QREncodingOptions(errorCorrectionLevel: style.defaultErrorCorrection)
        do {
            request.style = try style.renderStyle()
        } catch {
            switch error {
            case .color(let message): throw APIProblem.invalid([.init(pointer: "/style", detail: message)])
            case .contrast(let problem): throw APIProblem.invalid([.init(pointer: "/style/foreground", detail: problem)])
            }
        }
        request.shapes = style.shapes
        if let scale = style.scale { request.scale = .pixelsPerModule(scale) }
        if let logo = style.shapes.logo {
            do {
                request.logo = try LogoLibrary.read(logo.file, in: PathName.parent(of: manifest.manifestPath)).image
            } catch {
                throw APIProblem.invalid([.init(pointer: "/style/logo/file", detail: "\(error)")])
            }
        }
        do {
            return try StaticRenderer.render(request).json()
        } catch {
            throw APIProblem(.badRequest, error.description)
        }
    }
}

extension APIProblem {
    /// 400 for the problems `invalid`.
    static func invalid(_ invalid: [Invalid]) -> APIProblem {
        APIProblem(.badRequest, invalid.count == 1 ? "\(invalid[0].pointer): \(invalid[0].detail)" : "\(invalid.count) problems; see errors", invalid: invalid)
    }
}
