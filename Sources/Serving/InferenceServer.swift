import Deployment
import Foundation
import Hummingbird

/// SageMaker's inference container contract: `GET /ping` answers 200 once the model is loaded;
/// `POST /invocations` takes `image/png` (one image) or `application/json`
/// (`{"instances": [...]}`) and returns JSON probabilities and the top class per image.
public enum InferenceServer {
    /// SageMaker's limit for a real-time invocation payload.
    public static let maxBodyBytes = 6 * 1024 * 1024

    public static func router(_ service: InferenceService) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("ping") { _, _ in HTTPResponse.Status.ok }
        router.post("invocations") { request, _ -> Response in
            do {
                var request = request
                let buffer = try await request.collectBody(upTo: maxBodyBytes)
                let input = try InvocationDecoder.decode(
                    body: Data(buffer: buffer), contentType: request.headers[.contentType],
                    inputShape: service.inputShape)
                let predictions =
                    switch input {
                    case .images(let images): await service.predict(images)
                    case .pixels(let pixels): await service.predict(pixels: pixels)
                    }
                return json(
                    .ok,
                    PredictionsBody(
                        predictions: predictions.map {
                            .init(
                                probabilities: $0.probabilities, topClass: $0.topClass, topIndex: $0.topIndex,
                                note: $0.note)
                        }))
            } catch let rejection as InvocationDecoder.Rejection {
                return json(.init(code: rejection.status), ErrorBody(error: rejection.reason))
            } catch let error as HTTPResponseError where error.status == .contentTooLarge {
                return json(.contentTooLarge, ErrorBody(error: "the body is over \(maxBodyBytes / 1_048_576) MB"))
            }
        }
        return router
    }

    public static func application(
        _ service: InferenceService, host: String = "0.0.0.0", port: Int,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(service), configuration: .init(address: .hostname(host, port: port), serverName: "ConvLab"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) })
    }

    struct PredictionsBody: Encodable {
        struct Item: Encodable {
            let probabilities: [Float]
            let topClass: String
            let topIndex: Int
            let note: String?
        }
        let predictions: [Item]
    }

    struct ErrorBody: Encodable { let error: String }

    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
