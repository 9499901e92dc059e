import DocumentKit
import Foundation
import Study

/// A study's report as a `Document`: the question and its answers, the optional walk-through
/// sections the study file asks for, a section per experiment and per probe, the discussion, why
/// the numbers can be trusted and how to reproduce them. Every number comes from `results`, every
/// judgement from `findings`; this only puts them into words.
struct ReportWriter {
    let results: StudyResults
    let findings: Findings
    /// The figures, by id (the registry the figure writer draws from).
    let figures: [FigureID: ReportFigure]
    /// The figures folder relative to the report.
    let figurePath: String

    func document() -> Document {
        let quick = results.quick ? " A `--quick` run: a subset of the data, a few epochs, at most two seeds." : ""
        let walkthrough: [Section] = [
            results.report.has(.data) ? data() : nil, results.report.has(.architectures) ? architectures() : nil,
            results.report.has(.training) ? training() : nil, results.report.has(.results) ? testResults() : nil,
        ].compactMap { $0 }
        return Document(
            title: results.title,
            subtitle: "A reproducible study by ConvLab \(results.environment.convlabVersion). Every number below "
                + "was computed by the run it describes.\(quick)",
            sections: [summary()] + walkthrough + results.experiments.map(experiment) + probeSections()
                + [discussion(), limitations()] + (results.report.has(.deployment) ? [deployment()] : []) + [
                    trust(), reproducibility(),
                ])
    }

    /// The figure block for `id`, when the results have that figure.
    func figure(_ id: FigureID) -> [Block] {
        figures[id].map { [$0.block(under: figurePath)] } ?? []
    }

    func title(_ model: StudyModel) -> String { results.title(model) }

    func description(_ model: StudyModel) -> ModelDescription? { results.description(model) }

    /// The engine's credentials: each model's initial loss and every layer type's gradient check.
    func trust() -> Section {
        TrustSection.section(initialLosses: results.initialLosses, checks: results.engineChecks, title: title)
    }
}
