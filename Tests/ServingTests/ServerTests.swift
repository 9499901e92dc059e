import ConvLabTestSupport
import Deployment
import Foundation
import Hummingbird
import HummingbirdTesting
import Imaging
import NeuralNet
import Serving
import Study
import Testing

@Suite struct ServerTests {
    static let classes = cifarClassNames

    /// An artifact of cnn3's architecture with seeded weights, and an in-memory predictor of the same model.
    static func artifact(in folder: URL) throws -> (url: URL, predictor: Predictor) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let model = try Sequential<Float>(ModelDefinition.cnn3.architecture, seed: 5)
        let weights = folder.appendingPathComponent("w.weights")
        try Checkpoint.save(model, classNames: classes, to: weights)
        let manifest = ModelManifest(
            architecture: model.architecture, classNames: classes,
            training: .object(["model": .string("cnn3"), "epochs": .number(1), "seed": .number(5)]),
            seed: 5, testAccuracy: nil, dataMD5: [:], convlabVersion: "test")
        let url = folder.appendingPathComponent("model.tar.gz")
        try ModelArtifact.export(weights: weights, manifest: manifest, to: url)
        return (url, Predictor(model: model, manifest: manifest))
    }

    static let image = RGBImage(width: 32, height: 32, pixels: (0..<3072).map { UInt8(($0 * 7) % 256) })

    struct Answer: Decodable {
        struct Item: Decodable {
            let probabilities: [Float]
            let topClass: String
            let topIndex: Int
        }
        let predictions: [Item]
    }

    @Test func answersPingClassifiesAndRejectsBadInput() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (url, predictor) = try Self.artifact(in: folder)
        let expected = predictor.predict([Self.image])[0]
        // GEMM rounding depends on the batch size, so the JSON batch of two is compared with the same batch.
        let flat = Self.image.pixels.map { Double($0) / 255 }
        let expectedBatch = predictor.predict(pixels: [
            Self.image.pixels.map { Float($0) / 255 }, flat.map { Float($0) },
        ])
        let service = try InferenceService(artifact: url)
        let app = InferenceServer.application(service, host: "127.0.0.1", port: 0)

        try await app.test(.live) { client in
            try await client.execute(uri: "/ping", method: .get) { #expect($0.status == .ok) }

            let png = try PNG.encode(Self.image)
            try await client.execute(
                uri: "/invocations", method: .post, headers: [.contentType: "image/png"], body: ByteBuffer(bytes: png)
            ) { response in
                #expect(response.status == .ok)
                let answer = try JSONDecoder().decode(Answer.self, from: Data(buffer: response.body))
                #expect(answer.predictions.count == 1)
                #expect(answer.predictions[0].probabilities == expected.probabilities)
                #expect(answer.predictions[0].topClass == expected.topClass)
            }

            // A JSON batch: the same image as nested bytes, then as flat floats in [0, 1].
            let nested = (0..<32).map { y in
                (0..<32).map { x in (0..<3).map { c in Int(Self.image.pixels[(y * 32 + x) * 3 + c]) } }
            }
            let batch = try JSONSerialization.data(withJSONObject: ["instances": [nested, flat]])
            try await client.execute(
                uri: "/invocations", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(bytes: batch)
            ) { response in
                #expect(response.status == .ok)
                let answer = try JSONDecoder().decode(Answer.self, from: Data(buffer: response.body))
                #expect(answer.predictions.map(\.topClass) == [expected.topClass, expected.topClass])
                #expect(answer.predictions.map(\.probabilities) == expectedBatch.map(\.probabilities))
            }

            let cases: [(String, [UInt8], Int, String)] = [
                ("text/plain", Array("hello".utf8), 415, "content type"),
                ("image/png", Array("not a png".utf8), 400, "PNG"),
                ("image/png", Array(png.prefix(60)), 400, "truncated"),
                ("application/json", Array("{\"instances\": [[1, 2, 3]]}".utf8), 400, "3072"),
                ("application/json", Array("{\"images\": []}".utf8), 400, "instances"),
                ("application/json", Array("{not json".utf8), 400, "JSON"),
                ("image/png", [UInt8](repeating: 0, count: ServerLimits().maxBodyBytes + 1), 413, "MB"),
                // 70 bytes that declare 50,000 × 50,000 pixels (7.5 GB): refused from the header.
                ("image/png", Self.pngHeader(width: 50_000, height: 50_000), 413, "declares 50000×50000 pixels"),
                ("application/json", Array((String(repeating: "[", count: 5000) + "1").utf8), 400, "nests deeper"),
                (
                    "application/json",
                    Array(
                        ("{\"instances\": ["
                            + Array(repeating: "0", count: 65 * 3072 + 1)
                            .joined(separator: ",") + "]}").utf8), 413, "--max-instances"
                ),
            ]
            for (type, body, status, phrase) in cases {
                try await client.execute(
                    uri: "/invocations", method: .post, headers: [.contentType: type], body: ByteBuffer(bytes: body)
                ) { response in
                    #expect(response.status.code == status, "\(type) \(phrase)")
                    let text = String(buffer: response.body)
                    #expect(text.contains("\"error\"") && text.contains(phrase), "\(text)")
                }
            }
            // Still serving after all that.
            try await client.execute(uri: "/ping", method: .get) { #expect($0.status == .ok) }
        }
    }

    /// A PNG's signature, an IHDR chunk declaring `width` × `height` RGB pixels, and the start of
    /// an IDAT chunk: everything a decoder reads before it allocates the image.
    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
        }
        let header = bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0]  // 8-bit RGB
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", [0x78, 0x9C])
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
    }

    /// CRC-32 (the PNG and zlib polynomial), bit by bit.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test func aServerWithNoRoomAnswers503WithRetryAfter() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-busy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let service = try InferenceService(artifact: try Self.artifact(in: folder).url)
        var full = ServerLimits()
        full.maxRequests = 0
        let app = InferenceServer.application(service, host: "127.0.0.1", port: 0, limits: full)
        try await app.test(.live) { client in
            try await client.execute(
                uri: "/invocations", method: .post, headers: [.contentType: "image/png"],
                body: ByteBuffer(bytes: try PNG.encode(Self.image))
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
            }
        }
    }

    @Test func refusesAWrongArtifactAtStartUp() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect { try InferenceService(artifact: folder) } throws: { "\($0)".contains("model.json is missing") }
    }
}
