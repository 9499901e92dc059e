extension StudyResults {
    /// The study's analysis of its runs: each experiment measured over its seeds, the parts of the
    /// study file that say what the report holds (title, question, claims, sections, discussion)
    /// and the findings. The runner calls it after training; `--render-only` calls it on the runs
    /// results.json stored, with the study file as it is now, so a changed analysis or wording
    /// needs no training. The probes stay as measured (they need the trained networks).
    package func analysed(by definition: StudyDefinition) -> StudyResults {
        var copy = self
        (copy.title, copy.question, copy.claims) = (definition.title, definition.question, definition.claims)
        (copy.report, copy.discussion) = (definition.report, definition.discussion)
        copy.featured = definition.featuredModels.map(StudyModel.init(rawValue:))
        for i in copy.models.indices {
            guard let defined = definition.model(named: copy.models[i].model.rawValue) else { continue }
            (copy.models[i].title, copy.models[i].label) = (defined.title, defined.label)
        }
        (copy.correction, copy.endPoint) = (definition.correction, definition.endPoint)
        copy.measurePermutationAgain(definition.endPoint)
        let effects = copy.runs.augmentationEffects(copy.models.map(\.model), endPoint: definition.endPoint)
        copy.augmentationEffects = effects.isEmpty ? nil : effects
        let rounds = copy.seedRounds(definition)
        copy.experiments = definition.experiments.indices.map { e in
            ExperimentResult(
                definition.experiments[e], outcomes: rounds.outcomes(of: e), models: copy.models, records: copy.runs,
                endPoint: definition.endPoint)
        }
        let permutationRows = copy.probes?.permutation?.rows.count ?? 0
        for (r, comparison) in rounds.extra.prefix(permutationRows).enumerated() {
            copy.probes?.permutation?.rows[r].comparison = comparison
        }
        for (i, comparison) in rounds.extra.dropFirst(permutationRows).enumerated() {
            copy.augmentationEffects?[i].comparison = comparison
        }
        copy.looks = rounds.looks
        return copy.withFindings()
    }

    /// The study's comparisons decided look by look over these runs (`SeedRounds`), the
    /// permutation probe's and test-time augmentation's (`augmentationEffects`, in that order)
    /// with the first look.
    package func seedRounds(_ definition: StudyDefinition) -> SeedRounds {
        let accuracy = runs.endPointAccuracies(definition.endPoint)
        let extra = (probes?.permutation?.rows.map(\.comparison) ?? []) + (augmentationEffects ?? []).map(\.comparison)
        return SeedRounds(definition.experiments, correction: definition.correction, extra: extra) { model, seed in
            accuracy[model]?[seed]
        }
    }

    /// The permutation probe measured again at the study's end point (it is a function of the runs).
    mutating func measurePermutationAgain(_ endPoint: EndPoint) {
        guard let probe = probes?.permutation else { return }
        let models = probe.rows.map(\.model)
        probes?.permutation = PermutationProbe(
            permutationSeed: probe.permutationSeed,
            original: Dictionary(uniqueKeysWithValues: models.map { ($0, runs.of($0)) }),
            permuted: Dictionary(uniqueKeysWithValues: models.map { ($0, runs.of($0, permuted: true)) }),
            models: models, endPoint: endPoint)
    }

    /// How many comparisons the family holds that could be tested.
    package var testedComparisons: Int {
        experiments.flatMap(\.comparisons).filter { $0.comparison.test.p != nil }.count
            + (probes?.permutation?.rows.filter { $0.comparison.test.p != nil }.count ?? 0)
            + (augmentationEffects?.filter { $0.comparison.test.p != nil }.count ?? 0)
    }
}

extension Array where Element == RunRecord {
    /// Each unpermuted run's accuracy at `endPoint`, by model name and seed.
    func endPointAccuracies(_ endPoint: EndPoint) -> [String: [Int: Double]] {
        var accuracy: [String: [Int: Double]] = [:]
        for record in self where !record.run.configuration.isPermuted {
            let c = record.run.configuration
            accuracy[c.model.rawValue, default: [:]][Int(c.seed)] = endPoint.accuracy(of: record.run)
        }
        return accuracy
    }
}
