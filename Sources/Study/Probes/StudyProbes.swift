import CIFAR
import Foundation
import NeuralNet

/// The probes a study file asks for (`ProbeSelection`), measured on each named model's lowest-seed
/// run; the permutation probe compares every seed's run on the images as they are with its run on
/// pixel-permuted images.
package struct StudyProbes: Codable, Sendable, Equatable {
    package var translation: TranslationProbe?
    package var permutation: PermutationProbe?
    package var receptiveFields: [EffectiveReceptiveField]
    package var featureMaps: FeatureMaps?
}

extension StudyRunner {
    /// Runs `selection`'s probes on the finished runs' models, read back from the run cache; nil
    /// when it names none.
    func measureProbes(_ selection: ProbeSelection, records: [RunRecord]) throws -> StudyProbes? {
        let named = selection.translation + selection.permutation + selection.receptiveFields
        guard !named.isEmpty || selection.featureMaps != nil else { return nil }
        var probes = StudyProbes(receptiveFields: [])
        var loaded: [StudyModel: (RunRecord, RunCache.Entry)] = [:]  // each model read from the cache once
        func cached(_ name: StudyModel) throws -> (RunRecord, RunCache.Entry) {
            if let run = loaded[name] { return run }
            let run = try probedRun(name, in: records)
            loaded[name] = run
            return run
        }
        if !selection.translation.isEmpty {
            var curves: [TranslationProbe.Curve] = []
            var testCount = 0
            for name in selection.translation.map(StudyModel.init(rawValue:)) {
                let (record, entry) = try cached(name)
                let test = record.run.configuration.testImages(of: data)
                testCount = test.count
                log("probe: \(name.rawValue) on test images shifted by 0…8 pixels")
                curves += try cache.derived("translation-v1", for: record.run.configuration) {
                    TranslationProbe.curves(of: entry.model, named: name, test: test)
                }
            }
            probes.translation = TranslationProbe(
                shifts: TranslationProbe.defaultShifts, testCount: testCount, curves: curves)
        }
        if !selection.permutation.isEmpty {
            let models = selection.permutation.map(StudyModel.init(rawValue:))
            probes.permutation = PermutationProbe(
                permutationSeed: ProbeSelection.pixelPermutationSeed,
                original: Dictionary(uniqueKeysWithValues: models.map { ($0, records.of($0)) }),
                permuted: Dictionary(uniqueKeysWithValues: models.map { ($0, records.of($0, permuted: true)) }),
                models: models)
        }
        for name in selection.receptiveFields.map(StudyModel.init(rawValue:)) {
            let (record, entry) = try cached(name)
            log("probe: the effective receptive field of \(name.rawValue)")
            probes.receptiveFields.append(
                try EffectiveReceptiveField.measure(
                    entry.model, named: name, images: record.run.configuration.testImages(of: data)))
        }
        if let name = selection.featureMaps.map(StudyModel.init(rawValue:)) {
            let (record, entry) = try cached(name)
            let test = record.run.configuration.testImages(of: data)
            let chosen = Self.featureMapImages(
                labels: test.labels.map(Int.init), predicted: entry.predictions.predicted)
            probes.featureMaps = try FeatureMaps.measure(
                entry.model, named: name, test: test, indices: chosen.map(\.index), predicted: chosen.map(\.predicted))
        }
        return probes
    }

    /// `model`'s lowest-seed run on the images as they are, with its trained network from the cache.
    func probedRun(_ model: StudyModel, in records: [RunRecord]) throws -> (RunRecord, RunCache.Entry) {
        guard let record = records.lowestSeedRun(model) else {
            throw StudyError("the probes need a \(model.rawValue) run, and the plan has none")
        }
        guard let entry = try cache.entry(for: record.run.configuration) else {
            throw StudyError(
                "the run cache has no finished \(model.rawValue) seed \(record.run.configuration.seed) run "
                    + "under \(cache.root.path)")
        }
        return (record, entry)
    }

    /// The first two test images the model classified correctly, of different classes (the first
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
