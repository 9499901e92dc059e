import Deployment
import Foundation
import Imaging

/// Turns an /invocations body into model inputs, or a one-line reason it cannot.
enum InvocationDecoder {
    enum Input {
        case images([RGBImage])
        case pixels([[Float]])
    }

    struct Rejection: Error {
        let status: Int
        let reason: String
    }

    static func decode(body: Data, contentType: String?, inputShape: [Int], limits: ServerLimits) throws -> Input {
        let mediaType =
            contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        switch mediaType {
        case "image/png", "application/x-image":
            do {
                return .images([try PNG.decode(body, source: "request body", maxPixels: limits.maxImagePixels)])
            } catch let large as PNG.TooLarge {
                throw Rejection(
                    status: 413,
                    reason: """
                        the PNG declares \(large.width)×\(large.height) pixels, over this server's limit of \
                        \(large.limit) (--max-image-pixels); send a smaller image (the model sees 32×32)
                        """)
            } catch {
                throw Rejection(status: 400, reason: "\(error)")
            }
        case "application/json":
            let count = inputShape.reduce(1, *)
            try JSONBudget.check(
                body, maxDepth: ServerLimits.maxJSONDepth, maxInstances: limits.maxInstances, numbersPerInstance: count)
            let pixels = try instances(body, count: count)
            guard pixels.count <= limits.maxInstances else {
                throw Rejection(
                    status: 413, reason: "\(pixels.count) instances, over this server's limit of \(limits.maxInstances)"
                )
            }
            return .pixels(pixels)
        default:
            throw Rejection(
                status: 415, reason: "unsupported content type \"\(mediaType)\"; send image/png or application/json")
        }
    }

    /// `{"instances": [image, …]}`, each image 32×32×3 numbers, nested or flat, channels last:
    /// floats in [0, 1], or bytes 0…255 when any value exceeds 1.
    static func instances(_ body: Data, count: Int) throws -> [[Float]] {
        struct Body: Decodable { let instances: [Numbers] }
        let decoded: Body
        do { decoded = try JSONDecoder().decode(Body.self, from: body) } catch {
            throw Rejection(
                status: 400, reason: "the body is not {\"instances\": [[…32×32×3 numbers…], …]} (\(describe(error)))")
        }
        guard !decoded.instances.isEmpty else { throw Rejection(status: 400, reason: "\"instances\" is empty") }
        return try decoded.instances.enumerated().map { i, instance in
            let values = instance.flattened
            guard values.count == count else {
                throw Rejection(
                    status: 400,
                    reason: "instance \(i) has \(values.count) numbers, expected \(count) (32×32×3, channels last)")
            }
            guard values.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 255 }) else {
                throw Rejection(status: 400, reason: "instance \(i) has values outside 0…255")
            }
            let scale = values.contains { $0 > 1 } ? 1.0 / 255 : 1
            return values.map { Float($0 * scale) }
        }
    }

    /// A number or an array of them, to any depth.
    indirect enum Numbers: Decodable {
        case number(Double)
        case array([Numbers])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                self = .number(number)
                return
            }
            self = .array(try container.decode([Numbers].self))
        }

        var flattened: [Double] {
            switch self {
            case .number(let n): [n]
            case .array(let items): items.flatMap(\.flattened)
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "no \"\(key.stringValue)\" key"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "a value that is not a number at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted: "not valid JSON"
        default: "\(error)"
        }
    }
}
