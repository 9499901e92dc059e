import NeuralNet

/// One experiment of a study, measured: every model's runs over the seeds, and each compared
/// model against the baseline (its test, interval and verdict as the study's `SeedRounds`
/// decided it). The report formats it and computes nothing.
package struct ExperimentResult: Codable, Sendable, Equatable {
    package struct ModelRow: Codable, Sendable, Equatable {
        package var model: StudyModel
        package var title: String
        package var parameters: Int
        package var multiplyAccumulates: Int
        package var seeds: [UInt64]
        /// Accuracy at the study's end point, one value per seed in `seeds` order.
        package var accuracy: SampleSummary
        /// For a model trained with test-time augmentation, at the `final` end point: the same
        /// runs' test accuracy without it (the last epoch's plain pass), in `seeds` order.
        package var plainAccuracy: SampleSummary?
        /// The mean of the middle half of the seeds' accuracies; nil with fewer than four seeds.
        package var interquartileMean: Double?
        /// How far validation accuracy moved over the last `swingEpochs` epochs (highest minus
        /// lowest), the mean over the seeds: how much an end point drawn from there can vary.
        package var validationSwing: Double?
        package var epochSeconds: SampleSummary
        /// Validation accuracy after each epoch, over the seeds (runs stopped early are shorter:
        /// an epoch's summary holds the runs that reached it).
        package var validationCurve: [SampleSummary]
        /// For curves over time: the mean training seconds to the end of each epoch of
        /// `validationCurve`, over the same runs; nil for curves over epochs.
        package var elapsedSeconds: [Double]?
        /// nil when the model has no runs.
        package var fit: ModelFit?
    }

    /// A compared model against the baseline: its accuracy minus the baseline's.
    package struct Versus: Codable, Sendable, Equatable {
        package var model: StudyModel
        package var comparison: Comparison
        /// The seeds each side was compared over (0..<seeds), the look that closed the comparison
        /// and why its seeds stopped there.
        package var seeds: Int
        package var look: Int
        package var stop: SeedBudgetStop
        /// P(a seed of the model beats a seed of the baseline), over every pair of their seeds.
        package var probabilityOfImprovement: Double?
        /// A percentile bootstrap interval, where each side has `BootstrapInterval.minimumSeeds`
        /// seeds for one (results.json only: verdicts and the report go by the comparison's t-interval).
        package var bootstrap: BootstrapInterval?
        /// The model's multiply-accumulates over the baseline's, and its parameters minus the baseline's.
        package var macRatio: Double
        package var extraParameters: Int
        /// The model's seconds per epoch over the baseline's; nil when either has no runs.
        package var epochTimeRatio: Double?
    }

    /// The epochs over which `ModelRow.validationSwing` is measured.
    package static let swingEpochs = 5

    package var name: String
    package var title: String
    package var baseline: StudyModel
    /// Whether each seed's runs were compared as a pair.
    package var paired: Bool
    /// Time when the validation curves are drawn over training time; nil over epochs.
    package var curves: CurveAxis?
    /// The baseline first, then the compared models in the study's order.
    package var rows: [ModelRow]
    package var comparisons: [Versus]

    /// Experiment `definition` decided on its own (its comparisons the whole family).
    package init(
        _ definition: ExperimentDefinition, models: [ModelDescription], records: [RunRecord],
        endPoint: EndPoint = .final, correction: Correction = .none
    ) {
        let accuracy = records.endPointAccuracies(endPoint)
        let rounds = SeedRounds([definition], correction: correction) { accuracy[$0]?[$1] }
        self.init(definition, outcomes: rounds.outcomes, models: models, records: records, endPoint: endPoint)
    }

    /// Experiment `definition`, its comparisons as `outcomes` left them.
    package init(
        _ definition: ExperimentDefinition, outcomes: [SeedRounds.Outcome], models: [ModelDescription],
        records: [RunRecord], endPoint: EndPoint
    ) {
        (name, title, paired) = (definition.name, definition.title, definition.paired)
        let overTime = definition.curves == .time
        curves = overTime ? .time : nil
        baseline = StudyModel(rawValue: definition.baseline)
        let seedCount = { (model: String) in
            outcomes.filter { $0.model == model || model == definition.baseline }.map(\.seeds).max()
                ?? definition.seeds
        }
        let rows = ([definition.baseline] + definition.compared).map { name in
            let model = StudyModel(rawValue: name)
            let runs = records.bySeed(model).filter { $0.run.configuration.seed < UInt64(seedCount(name)) }
            return ModelRow(
                runs, model: model, description: models.first { $0.model == model }, endPoint: endPoint,
                overTime: overTime)
        }
        self.rows = rows
        comparisons = outcomes.compactMap { outcome in
            guard let row = rows.first(where: { $0.model.rawValue == outcome.model }) else { return nil }
            return Versus(outcome, row: row, base: rows[0])
        }
    }

    /// Per epoch, the summary of the runs that reached it.
    static func curve(_ runs: [[Double]]) -> [SampleSummary] {
        let epochs = runs.map(\.count).max() ?? 0
        return (0..<epochs).map { e in SampleSummary(runs.compactMap { e < $0.count ? $0[e] : nil }) }
    }

    package func row(_ model: StudyModel) -> ModelRow? { rows.first { $0.model == model } }
    /// A compared model against the baseline; nil for the baseline.
    package func versus(_ model: StudyModel) -> Versus? { comparisons.first { $0.model == model } }
}

extension ExperimentResult.ModelRow {
    /// `runs` (sorted by seed) summarised at `endPoint`, their curves' time to each epoch `overTime`.
    init(
        _ runs: [RunRecord], model: StudyModel, description: ModelDescription?, endPoint: EndPoint, overTime: Bool
    ) {
        let accuracies = runs.compactMap { endPoint.accuracy(of: $0.run) }
        let augmented = endPoint == .final && runs.contains { $0.run.augmentedTestAccuracy != nil }
        let swings = runs.compactMap { record -> Double? in
            let last = record.run.epochs.suffix(ExperimentResult.swingEpochs).map(\.validationAccuracy)
            guard last.count >= 2, let high = last.max(), let low = last.min() else { return nil }
            return high - low
        }
        self.init(
            model: model, title: description?.title ?? model.rawValue, parameters: description?.parameters ?? 0,
            multiplyAccumulates: description?.multiplyAccumulates ?? 0, seeds: runs.map(\.run.configuration.seed),
            accuracy: SampleSummary(accuracies),
            plainAccuracy: augmented ? SampleSummary(runs.compactMap { $0.run.final?.testAccuracy }) : nil,
            interquartileMean: RobustSummary.interquartileMean(accuracies),
            validationSwing: swings.isEmpty ? nil : swings.reduce(0, +) / Double(swings.count),
            epochSeconds: SampleSummary(runs.map(\.meanEpochSeconds)),
            validationCurve: ExperimentResult.curve(runs.map { $0.run.epochs.map(\.validationAccuracy) }),
            elapsedSeconds: overTime ? ExperimentResult.curve(runs.map(\.run.elapsedTrainingSeconds)).map(\.mean) : nil,
            fit: ModelFit(runs))
    }
}

extension ExperimentResult.Versus {
    /// `row` against `base` as `outcome` decided it, over the seeds it was decided with.
    init(_ outcome: SeedRounds.Outcome, row: ExperimentResult.ModelRow, base: ExperimentResult.ModelRow) {
        let a = Array(row.accuracy.values.prefix(outcome.seeds))
        let b = Array(base.accuracy.values.prefix(outcome.seeds))
        let timed = !row.epochSeconds.values.isEmpty && base.epochSeconds.mean > 0
        self.init(
            model: row.model, comparison: outcome.comparison, seeds: outcome.seeds, look: outcome.look,
            stop: outcome.stop, probabilityOfImprovement: RobustSummary.probabilityOfImprovement(a, over: b),
            bootstrap: min(a.count, b.count) >= BootstrapInterval.minimumSeeds ? BootstrapInterval(a, b) : nil,
            macRatio: Double(row.multiplyAccumulates) / Double(max(base.multiplyAccumulates, 1)),
            extraParameters: row.parameters - base.parameters,
            epochTimeRatio: timed ? row.epochSeconds.mean / base.epochSeconds.mean : nil)
    }

    /// Whether either model's validation accuracy swings over the last epochs by more than the
    /// difference judged: an end point taken there could have come out the other way.
    package func swingExceedsDifference(row: ExperimentResult.ModelRow, base: ExperimentResult.ModelRow) -> Bool {
        max(row.validationSwing ?? 0, base.validationSwing ?? 0) > abs(comparison.difference)
    }
}
