import DocumentKit
import Study

/// A section per experiment: its models over the seeds, each compared model against the
/// baseline with its test and verdict, the validation curves, and what each change costs.
extension ReportWriter {
    func experiment(_ e: ExperimentResult) -> Section {
        let testable = e.rows.allSatisfy { $0.seeds.count >= 2 }
        return Section(
            e.title,
            [.paragraph(ExperimentProse.setup(e)), .table(ExperimentProse.modelTable(e))]
                + (e.comparisons.isEmpty ? [] : [.table(ExperimentProse.comparisonTable(e))])
                + (testable ? [] : [.callout(ExperimentProse.untestableNote)])
                + [.bullets(e.comparisons.map { ExperimentProse.verdict($0, in: e) } + augmentationVerdicts(e))]
                + figure(.experiment(e.name))
                + [.paragraph(ExperimentProse.costs(e))],
            subsections: layerTables(introducedBy: e))
    }

    /// The layer tables of the models this experiment is the first to compare, unless the report
    /// has a Models section that shows every featured model's (each table once in the report).
    func layerTables(introducedBy e: ExperimentResult) -> [Section] {
        let shownInModels = results.report.has(.architectures) ? results.featured : []
        return modelsIntroduced(by: e).filter { !shownInModels.contains($0) }
            .compactMap(description).map { Section("Layers of \($0.title)", [.table(Tables.layers($0))]) }
    }

    /// What test-time augmentation adds, for the models this experiment is the first to compare.
    func augmentationVerdicts(_ e: ExperimentResult) -> [String] {
        let introduced = modelsIntroduced(by: e)
        return (results.augmentationEffects ?? []).filter { introduced.contains($0.model) }
            .map { ExperimentProse.augmentationVerdict($0, in: e) }
    }

    /// The models of `e` that no earlier experiment compares.
    func modelsIntroduced(by e: ExperimentResult) -> [StudyModel] {
        let earlier = results.experiments.prefix { $0.name != e.name }.flatMap { $0.rows.map(\.model) }
        return e.rows.map(\.model).filter { !earlier.contains($0) }
    }
}
