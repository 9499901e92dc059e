import ArgumentParser
import Foundation
import Hummingbird
import Serving

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a model over HTTP with SageMaker's contract: GET /ping, POST /invocations.")

    @Option(help: "model.tar.gz or its extracted folder; default /opt/ml/model, where SageMaker puts it.") var model =
        "/opt/ml/model"
    @Option(help: "Port; default $SAGEMAKER_BIND_TO_PORT, else 8080.") var port: Int?
    @Option(help: "Address to listen on.") var host = "0.0.0.0"
    @Option(help: "Pixels one PNG may declare (read from its header before decoding).")
    var maxImagePixels = ServerLimits().maxImagePixels
    @Option(help: "Images in one JSON request.") var maxInstances = ServerLimits().maxInstances
    @Option(help: "Requests held at once; more are answered 503 with Retry-After.")
    var maxRequests = ServerLimits().maxRequests
    @Option(help: "Decodes and inferences running at once.") var maxWork = ServerLimits().maxWork
    @Option(help: "Seconds a request may take to arrive (else 408) or wait for the model (else 503).")
    var maxWait = ServerLimits().maxWaitSeconds

    func validate() throws {
        guard maxImagePixels >= 1024, maxInstances >= 1, maxRequests >= 1, maxWork >= 1, maxWait > 0 else {
            throw ValidationError(
                "--max-image-pixels must be at least 1024 (32×32), --max-wait above 0, the other limits at least 1")
        }
    }

    var limits: ServerLimits {
        var limits = ServerLimits()
        limits.maxImagePixels = maxImagePixels
        limits.maxInstances = maxInstances
        limits.maxRequests = maxRequests
        limits.maxWork = maxWork
        limits.maxWaitSeconds = maxWait
        return limits
    }

    func run() async throws {
        let service = try InferenceService(artifact: URL(fileURLWithPath: model))
        let port = port ?? ProcessInfo.processInfo.environment["SAGEMAKER_BIND_TO_PORT"].flatMap(Int.init) ?? 8080
        let app = InferenceServer.application(service, host: host, port: port, limits: limits) { bound in
            Console.line(
                "serving \(model) on http://\(host):\(bound) (GET /ping, POST /invocations); Ctrl-C or SIGTERM stops")
        }
        try await app.runService()
    }
}
