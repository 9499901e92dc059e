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
    /// Runs the lab's probes (`ProbeSelection.lab`) on the finished runs' models, read back from
    /// the run cache, and tabulates the ablations.
    func measureInductiveBias(records: [RunRecord], models: [ModelDescription]) throws -> InductiveBias {
        guard let probes = try measureProbes(.lab, records: records), let translation = probes.translation,
            let permutation = probes.permutation, let maps = probes.featureMaps
        else { throw StudyError("the lab's probes measured nothing") }  // .lab names every probe
        return InductiveBias(
            translation: translation, permutation: permutation,
            ablation: AblationTable(models: models, runs: { records.of($0) }),
            receptiveFields: probes.receptiveFields, featureMaps: maps)
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
