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

    func run() async throws {
        let service = try InferenceService(artifact: URL(fileURLWithPath: model))
        let port = port ?? ProcessInfo.processInfo.environment["SAGEMAKER_BIND_TO_PORT"].flatMap(Int.init) ?? 8080
        let app = InferenceServer.application(service, host: host, port: port) { bound in
            Console.line(
                "serving \(model) on http://\(host):\(bound) (GET /ping, POST /invocations); Ctrl-C or SIGTERM stops")
        }
        try await app.runService()
    }
}
