import ArgumentParser
import Foundation
import NeuralNet
import Study

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Training and inference speed of the study's models (run with -c release).")

    @Option(help: "mlp, cnn3 or cnn5; all when omitted.") var model: StudyModel?
    @Option(help: "Training steps to time per model for the per-layer profile.") var steps = 30
    @Option var batch = 64

    func run() throws {
        for m in model.map({ [$0] }) ?? StudyModel.allCases {
            let net = try Sequential<Float>(m.architecture, seed: 0)
            print("\(m.rawValue): per-layer profile, batch \(batch), \(steps) steps")
            print(LayerProfile.measure(net, batchSize: batch, steps: steps, seed: 1).render(batchSize: batch))
            print()
        }
    }
}

extension StudyModel: ExpressibleByArgument {}
