import NeuralNet

extension StudyDefinition {
    /// The study's training runs, each model once per seed: every experiment's models over its
    /// seeds (a model in several experiments runs over the most seeds any of them asks for), a
    /// seed-0 run of models that only probes name, then the permutation probe's models on
    /// pixel-permuted images over their seeds. `quick` trims it as `QuickStudy` says, to check a
    /// study file end to end in minutes.
    package func plan(quick: Bool = false) -> [TrainingConfiguration] {
        var seeds: [(model: String, count: Int)] = []
        func need(_ model: String, _ count: Int) {
            let count = quick ? min(count, QuickStudy.seeds) : count
            if let i = seeds.firstIndex(where: { $0.model == model }) {
                seeds[i].count = max(seeds[i].count, count)
            } else {
                seeds.append((model, count))
            }
        }
        for experiment in experiments {
            for model in [experiment.baseline] + experiment.compared { need(model, experiment.seeds) }
        }
        for model in probes.translation + probes.permutation + probes.receptiveFields { need(model, 1) }
        if let model = probes.featureMaps { need(model, 1) }
        func runs(_ model: String, permuted: Bool) -> [TrainingConfiguration] {
            guard let definition = self.model(named: model),
                let count = seeds.first(where: { $0.model == model })?.count
            else { return [] }
            return (0..<count).map { configuration(definition, seed: UInt64($0), permuted: permuted, quick: quick) }
        }
        return seeds.flatMap { runs($0.model, permuted: false) }
            + probes.permutation.flatMap { runs($0, permuted: true) }
    }

    /// One run of `model`: the study's data and training recipe, `quick` applied.
    package func configuration(
        _ model: ModelDefinition, seed: UInt64, permuted: Bool = false, quick: Bool = false
    ) -> TrainingConfiguration {
        var data = data
        if quick {
            data.trainingLimit = min(data.trainingLimit ?? .max, QuickStudy.trainingImages)
            data.testLimit = min(data.testLimit ?? .max, QuickStudy.testImages)
            data.validationCount = min(data.validationCount, QuickStudy.trainingImages / 10)
        }
        let training = model.training ?? self.training
        return TrainingConfiguration(
            model: model, epochs: quick ? min(training.epochs, QuickStudy.epochs) : training.epochs,
            batchSize: training.batchSize,
            seed: seed, optimizer: training.optimizer, validationCount: data.validationCount,
            trainingLimit: data.trainingLimit, testLimit: data.testLimit,
            pixelPermutationSeed: permuted ? ProbeSelection.pixelPermutationSeed : nil,
            augmentation: training.augmentation, schedule: training.schedule, earlyStopping: training.earlyStopping)
    }
}

/// What `--quick` trims a study to: a subset of the images, few epochs and seeds. Its numbers
/// check the pipeline, not the models.
package enum QuickStudy {
    package static let trainingImages = 3000, testImages = 1000, epochs = 2, seeds = 2
}

extension ProbeSelection {
    /// The seed of the one pixel permutation of the permutation probe.
    package static let pixelPermutationSeed: UInt64 = 1
}
