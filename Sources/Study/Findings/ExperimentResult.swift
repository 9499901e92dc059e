import NeuralNet

/// One experiment of a study, measured: every model's runs over the seeds, and each compared
/// model against the baseline (Welch's test, a bootstrap interval, a verdict). The report
/// formats it and computes nothing.
package struct ExperimentResult: Codable, Sendable, Equatable {
    package struct ModelRow: Codable, Sendable, Equatable {
        package var model: StudyModel
        package var title: String
        package var parameters: Int
        package var multiplyAccumulates: Int
        package var seeds: [UInt64]
        /// Final test accuracy, one value per seed in `seeds` order.
        package var accuracy: SampleSummary
        package var epochSeconds: SampleSummary
        /// Validation accuracy after each epoch, over the seeds (runs stopped early are shorter:
        /// an epoch's summary holds the runs that reached it).
        package var validationCurve: [SampleSummary]
        /// nil when the model has no runs.
        package var fit: ModelFit?
    }

    /// A compared model against the baseline: its accuracy minus the baseline's.
    package struct Versus: Codable, Sendable, Equatable {
        package var model: StudyModel
        package var comparison: Comparison
        /// A percentile bootstrap interval, where each side has `BootstrapInterval.minimumSeeds`
        /// seeds for one (results.json only: verdicts and the report go by the comparison's t-interval).
        package var bootstrap: BootstrapInterval?
        /// The model's multiply-accumulates over the baseline's, and its parameters minus the baseline's.
        package var macRatio: Double
        package var extraParameters: Int
        /// The model's seconds per epoch over the baseline's; nil when either has no runs.
        package var epochTimeRatio: Double?
    }

    package var name: String
    package var title: String
    package var baseline: StudyModel
    /// The baseline first, then the compared models in the study's order.
    package var rows: [ModelRow]
    package var comparisons: [Versus]

    package init(_ definition: ExperimentDefinition, models: [ModelDescription], records: [RunRecord]) {
        name = definition.name
        title = definition.title
        baseline = StudyModel(rawValue: definition.baseline)
        let seeds = (0..<definition.seeds).map(UInt64.init)
        let runs = { (model: StudyModel) in
            records.of(model).filter { seeds.contains($0.run.configuration.seed) }
                .sorted { $0.run.configuration.seed < $1.run.configuration.seed }
        }
        rows = ([definition.baseline] + definition.compared).map(StudyModel.init(rawValue:)).map { model in
            let description = models.first { $0.model == model }
            let mine = runs(model)
            return ModelRow(
                model: model, title: description?.title ?? model.rawValue, parameters: description?.parameters ?? 0,
                multiplyAccumulates: description?.multiplyAccumulates ?? 0,
                seeds: mine.map(\.run.configuration.seed), accuracy: SampleSummary(mine.map(\.testAccuracy)),
                epochSeconds: SampleSummary(mine.map(\.meanEpochSeconds)),
                validationCurve: Self.curve(mine.map { $0.run.epochs.map(\.validationAccuracy) }), fit: ModelFit(mine))
        }
        let base = rows[0]
        comparisons = rows.dropFirst().map { row in
            let timed = !row.epochSeconds.values.isEmpty && base.epochSeconds.mean > 0
            return Versus(
                model: row.model, comparison: Comparison(row.accuracy, base.accuracy),
                bootstrap: [row, base].allSatisfy { $0.seeds.count >= BootstrapInterval.minimumSeeds }
                    ? BootstrapInterval(row.accuracy.values, base.accuracy.values) : nil,
                macRatio: Double(row.multiplyAccumulates) / Double(max(base.multiplyAccumulates, 1)),
                extraParameters: row.parameters - base.parameters,
                epochTimeRatio: timed ? row.epochSeconds.mean / base.epochSeconds.mean : nil)
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
