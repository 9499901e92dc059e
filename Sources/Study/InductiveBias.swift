import CIFAR
import Foundation
import NeuralNet

/// The experiments that test the lab's claims about convolutions instead of asserting them.
public struct InductiveBias: Codable, Sendable, Equatable {
    /// Translation invariance: accuracy of the trained MLP and CNN (seed 0) on shifted test images.
    public var translation: TranslationProbe
    /// Locality: both models retrained on pixel-permuted images.
    public var permutation: PermutationProbe
    /// Padding, downsampling and depth, one change at a time, against every model's size and cost.
    public var ablation: AblationTable
    /// 3×3 against 5×5: where the last conv layer's centre unit looks.
    public var receptiveFields: [EffectiveReceptiveField]
    /// The CNN's conv activations for two test images.
    public var featureMaps: FeatureMaps
}

extension StudyRunner {
    /// Runs the probes on the finished runs' models, read back from the run cache. The
    /// translation curves are kept in the cache beside each run, since they take a while.
    func measureInductiveBias(records: [RunRecord], models: [ModelDescription]) throws -> InductiveBias {
        let (mlp, mlpEntry) = try probedRun(.mlp, in: records)
        let (cnn3, cnn3Entry) = try probedRun(.cnn3, in: records)
        let (_, cnn5Entry) = try probedRun(.cnn5, in: records)
        let (mlpModel, cnn3Model, cnn5Model) = (mlpEntry.model, cnn3Entry.model, cnn5Entry.model)
        let test = cnn3.run.configuration.testImages(of: data)

        var curves: [TranslationProbe.Curve] = []
        for (record, model) in [(mlp, mlpModel), (cnn3, cnn3Model)] {
            let name = record.run.configuration.model
            log("probe: \(name.rawValue) on test images shifted by 0…8 pixels")
            curves += try cache.derived("translation-v1", for: record.run.configuration) {
                TranslationProbe.curves(of: model, named: name, test: test)
            }
        }
        log("probe: effective receptive fields and feature maps")
        let fields = try [(StudyModel.cnn3, cnn3Model), (.cnn5, cnn5Model)].map { name, model in
            try EffectiveReceptiveField.measure(model, named: name, images: test)
        }
        let chosen = Self.featureMapImages(
            labels: test.labels.map(Int.init), predicted: cnn3Entry.predictions.predicted)
        let maps = try FeatureMaps.measure(
            cnn3Model, named: .cnn3, test: test, indices: chosen.map(\.index),
            predicted: chosen.map(\.predicted))
        let permuted = Dictionary(
            grouping: records.filter(\.run.configuration.isPermuted), by: \.run.configuration.model)
        return InductiveBias(
            translation: TranslationProbe(
                shifts: TranslationProbe.defaultShifts, testCount: test.count, curves: curves),
            permutation: PermutationProbe(
                permutationSeed: StudyOptions.pixelPermutationSeed,
                original: [.mlp: records.of(.mlp), .cnn3: records.of(.cnn3)], permuted: permuted),
            ablation: AblationTable(models: models, runs: { records.of($0) }),
            receptiveFields: fields, featureMaps: maps)
    }

    /// The first two test images the CNN classified correctly, of different classes (the first
    /// two images when there are no such pair).
    static func featureMapImages(labels: [Int], predicted: [Int]) -> [(index: Int, predicted: Int)] {
        let n = min(labels.count, predicted.count)
        var chosen: [(index: Int, predicted: Int)] = []
        for i in 0..<n where labels[i] == predicted[i] && !chosen.contains(where: { labels[$0.index] == labels[i] }) {
            chosen.append((i, predicted[i]))
            if chosen.count == 2 { return chosen }
        }
        return (0..<min(2, n)).map { ($0, predicted[$0]) }
    }
}
