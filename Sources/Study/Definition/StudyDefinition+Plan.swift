import NeuralNet

extension StudyDefinition {
    /// The study's training runs, each model once per seed: every experiment's models over the
    /// seeds its comparisons need (a model in several experiments runs over the most any of them
    /// needs), a seed-0 run of models that only probes name, then the permutation probe's models
    /// on pixel-permuted images over their experiment's first seeds. Under a seed budget, the
    /// seeds a comparison needs depend on the runs trained so far (`trained`, nil when a run is
    /// not): the first round's, then one more a round while it is open (`SeedRounds`). `quick`
    /// trims it as `QuickStudy` says, to check a study file end to end in minutes. Each run
    /// computes with `threads` OpenMP threads, part of its configuration (`computeThreads`).
    package func plan(
        quick: Bool = false, threads: Int?, trained: (TrainingConfiguration) -> TrainingRun? = { _ in nil }
    ) -> [TrainingConfiguration] {
        var seeds: [(model: String, count: Int)] = []
        func need(_ model: String, _ count: Int) {
            if let i = seeds.firstIndex(where: { $0.model == model }) {
                seeds[i].count = max(seeds[i].count, count)
            } else {
                seeds.append((model, count))
            }
        }
        let experiments = quick ? self.experiments.map(\.quick) : self.experiments
        // Only a seed budget's rounds depend on the runs so far: a fixed design reads none of them.
        let rounds =
            experiments.contains(where: \.hasSeedBudget)
            ? withoutActuallyEscaping(trained) {
                SeedRounds(
                    experiments, correction: correction, accuracy: accuracy(quick: quick, threads: threads, trained: $0)
                )
            } : nil
        for experiment in experiments {
            for model in [experiment.baseline] + experiment.compared {
                need(model, max(experiment.seeds, rounds?.seedsWanted[model] ?? 0))
            }
        }
        for model in probes.translation + probes.permutation + probes.receptiveFields { need(model, 1) }
        if let model = probes.featureMaps { need(model, 1) }
        func runs(_ model: String, count: Int?, permuted: Bool) -> [TrainingConfiguration] {
            guard let definition = self.model(named: model), let count else { return [] }
            return (0..<count).map {
                configuration(definition, seed: UInt64($0), permuted: permuted, quick: quick, threads: threads)
            }
        }
        let firstRound = { (model: String) in
            experiments.filter { ([$0.baseline] + $0.compared).contains(model) }.map(\.seeds).max() ?? 1
        }
        return seeds.flatMap { runs($0.model, count: $0.count, permuted: false) }
            + probes.permutation.flatMap { runs($0, count: firstRound($0), permuted: true) }
    }

    /// The end-point accuracy of `model`'s run of `seed`, by name, from the runs `trained` has;
    /// nil for a run not trained.
    package func accuracy(
        quick: Bool, threads: Int?, trained: @escaping (TrainingConfiguration) -> TrainingRun?
    ) -> (String, Int) -> Double? {
        { name, seed in
            model(named: name).flatMap {
                trained(configuration($0, seed: UInt64(seed), quick: quick, threads: threads))
            }
            .flatMap(endPoint.accuracy(of:))
        }
    }

    /// One run of `model`: the study's data and training recipe, `quick` applied, on `threads`.
    package func configuration(
        _ model: ModelDefinition, seed: UInt64, permuted: Bool = false, quick: Bool = false, threads: Int?
    ) -> TrainingConfiguration {
        var data = data
        if quick {
            data.trainingLimit = min(data.trainingLimit ?? .max, QuickStudy.trainingImages)
            data.testLimit = min(data.testLimit ?? .max, QuickStudy.testImages)
            data.validationCount = min(data.validationCount, max((data.trainingLimit ?? 0) / 10, 1))
        }
        let training = model.training ?? self.training
        var configuration = TrainingConfiguration(
            model: model, epochs: quick ? min(training.epochs, QuickStudy.epochs) : training.epochs,
            batchSize: training.batchSize,
            seed: seed, optimizer: training.optimizer, validationCount: data.validationCount,
            trainingLimit: data.trainingLimit, testLimit: data.testLimit,
            pixelPermutationSeed: permuted ? ProbeSelection.pixelPermutationSeed : nil,
            augmentation: training.augmentation, schedule: training.schedule, earlyStopping: training.earlyStopping,
            computeThreads: threads)
        configuration.sgd = training.sgd
        configuration.labelSmoothing = training.labelSmoothing
        configuration.lookahead = training.lookahead
        configuration.fractionalEpochs = quick ? nil : training.fractionalEpochs
        configuration.dropsLastBatch = training.dropsLastBatch
        configuration.whitening = training.whitening
        configuration.testTimeAugmentation = training.testTimeAugmentation
        configuration.initialisation = training.initialisation
        return configuration
    }
}

extension ExperimentDefinition {
    /// The experiment as `--quick` runs it: `QuickStudy.seeds` seeds, no more.
    var quick: ExperimentDefinition {
        var copy = self
        (copy.seeds, copy.maxSeeds) = (min(seeds, QuickStudy.seeds), min(maxSeeds, QuickStudy.seeds))
        return copy
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
