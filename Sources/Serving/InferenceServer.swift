import Deployment
import Foundation
import Hummingbird

/// SageMaker's inference container contract: `GET /ping` answers 200 once the model is loaded;
/// `POST /invocations` takes `image/png` (one image) or `application/json`
/// (`{"instances": [...]}`) and returns JSON probabilities and the top class per image.
///
/// Within `ServerLimits`: a request beyond the admitted number is answered 503 with Retry-After
/// at once; an admitted one has `maxWaitSeconds` to arrive (else 408) and as long again to get
/// one of the `maxWork` decode-and-infer slots (else 503).
package enum InferenceServer {
    package static func router(
        _ service: InferenceService, limits: ServerLimits = .init()
    ) -> Router<BasicRequestContext> {
        let router = Router()
        let admitted = Slots(limits.maxRequests)
        let work = Slots(limits.maxWork)
        router.get("ping") { _, _ in HTTPResponse.Status.ok }
        router.post("invocations") { request, _ -> Response in
            guard await admitted.tryTake() else { return busy("too many requests at once") }
            return await admitted.holding {
                do {
                    let body = try await collect(request, limits: limits)
                    guard await work.take(within: limits.maxWaitSeconds) else { return busy("the model is busy") }
                    return try await work.holding {
                        let input = try InvocationDecoder.decode(
                            body: body, contentType: request.headers[.contentType], inputShape: service.inputShape,
                            limits: limits)
                        return json(.ok, PredictionsBody(await predictions(for: input, service)))
                    }
                } catch let rejection as InvocationDecoder.Rejection {
                    return json(.init(code: rejection.status), ErrorBody(error: rejection.reason))
                } catch let error as HTTPResponseError where error.status == .contentTooLarge {
                    return json(
                        .contentTooLarge, ErrorBody(error: "the body is over \(limits.maxBodyBytes / 1_048_576) MB"))
                } catch {
                    return json(.internalServerError, ErrorBody(error: "\(error)"))
                }
            }
        }
        return router
    }

    /// The body, within the size limit and the time limit.
    static func collect(_ request: Request, limits: ServerLimits) async throws -> Data {
        let seconds = limits.maxWaitSeconds
        return try await withThrowingTaskGroup(of: Data?.self) { group in
            group.addTask {
                var request = request
                return Data(buffer: try await request.collectBody(upTo: limits.maxBodyBytes))
            }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let body = try await group.next() ?? nil else {
                throw InvocationDecoder.Rejection(status: 408, reason: "the body took over \(seconds) s to arrive")
            }
            return body
        }
    }

    static func predictions(
        for input: InvocationDecoder.Input, _ service: InferenceService
    ) async -> [Predictor.Prediction] {
        switch input {
        case .images(let images): await service.predict(images)
        case .pixels(let pixels): await service.predict(pixels: pixels)
        }
    }

    /// 503 with a hint to retry in a second.
    static func busy(_ reason: String) -> Response {
        var response = json(.serviceUnavailable, ErrorBody(error: "\(reason); retry shortly"))
        response.headers[.retryAfter] = "1"
        return response
    }

    package static func application(
        _ service: InferenceService, host: String = "0.0.0.0", port: Int, limits: ServerLimits = .init(),
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(service, limits: limits),
            configuration: .init(address: .hostname(host, port: port), serverName: "ConvLab"),
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

        init(_ predictions: [Predictor.Prediction]) {
            self.predictions = predictions.map {
                Item(probabilities: $0.probabilities, topClass: $0.topClass, topIndex: $0.topIndex, note: $0.note)
            }
        }
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
