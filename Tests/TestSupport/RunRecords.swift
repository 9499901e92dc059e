import NeuralNet
import Study

extension RunRecord {
    /// A made-up finished run of `model` from `seed`: one epoch per (training, validation, test)
    /// accuracy, 2 s each, with no predictions unless given.
    package static func made(
        _ model: ModelDefinition, seed: UInt64 = 0, epochs: [(Double, Double, Double)], planned: Int? = nil,
        kept: Int? = nil, permuted: Bool = false, perClassAccuracy: [Double] = [], confusion: [[Int]] = []
    ) -> RunRecord {
        let metrics = epochs.enumerated().map { i, a in
            EpochMetrics(
                epoch: i + 1, trainingLoss: 1, trainingAccuracy: a.0, validationLoss: 1, validationAccuracy: a.1,
                testLoss: 1, testAccuracy: a.2, trainingSeconds: 2, imagesPerSecond: 1, evaluationSeconds: 1)
        }
        let configuration = TrainingConfiguration(
            model: model, epochs: planned ?? epochs.count, seed: seed, pixelPermutationSeed: permuted ? 1 : nil)
        let run = TrainingRun(
            configuration: configuration, architecture: model.architecture, parameterCount: 1, trainingCount: 100,
            validationCount: 10, testCount: 100, epochs: metrics, totalSeconds: 2 * Double(epochs.count),
            keptEpoch: kept)
        return RunRecord(
            key: "\(model.name)-\(seed)\(permuted ? "-permuted" : "")", run: run, firstLayerFilters: nil,
            confusion: confusion, perClassAccuracy: perClassAccuracy, mistakes: [], reused: false)
    }

    /// A one-epoch run whose training, validation and test accuracy are all `accuracy`.
    package static func made(
        _ model: ModelDefinition, seed: UInt64 = 0, accuracy: Double, permuted: Bool = false
    )
        -> RunRecord
    {
        made(model, seed: seed, epochs: [(accuracy, accuracy, accuracy)], permuted: permuted)
    }
}
