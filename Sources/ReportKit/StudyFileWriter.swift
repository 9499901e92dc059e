import DocumentKit
import Foundation
import Study

/// A study file's report as a `Document`: the question, a summary of every experiment's verdicts,
/// a section per experiment and how to reproduce it. Formats `StudyFileResults`; computes nothing.
struct StudyFileWriter {
    let results: StudyFileResults
    let figures: [FigureID: ReportFigure]
    let figurePath: String

    func document() -> Document {
        let quick = results.quick ? " A `--quick` run: a subset of the data, 2 epochs, at most 2 seeds." : ""
        return Document(
            title: results.title,
            subtitle: "A study by ConvLab \(results.environment.convlabVersion), from a study file. Every number "
                + "below was computed by the run it describes.\(quick)",
            sections: [summary()] + results.experiments.map(section) + probes()
                + [
                    StudyFileDiscussion.section(results),
                    TrustSection.section(
                        initialLosses: results.initialLosses, checks: results.engineChecks,
                        title: { results.description($0)?.title ?? $0.rawValue }),
                    reproducibility(),
                ])
    }

    func summary() -> Section {
        let verdicts = results.experiments.flatMap { e in
            e.comparisons.map { v in "**\(e.title)** — " + ExperimentProse.verdict(v, in: e) }
        }
        return Section(
            "Question and answers",
            [.paragraph(results.question), .bullets(verdicts), .paragraph(ExperimentProse.method)])
    }

    /// The figure block for `id`, when the results have that figure.
    func figure(_ id: FigureID) -> [Block] { figures[id].map { [$0.block(under: figurePath)] } ?? [] }

    func probes() -> [Section] {
        guard let probes = results.probes else { return [] }
        return [
            StudyFileProbes(
                probes: probes, title: { results.description($0)?.title ?? $0.rawValue }, figure: figure
            ).section()
        ]
    }

    func section(_ e: ExperimentResult) -> Section {
        let testable = e.rows.allSatisfy { $0.seeds.count >= 2 }
        let figure = figure(.experiment(e.name))
        return Section(
            e.title,
            [.paragraph(ExperimentProse.setup(e)), .table(ExperimentProse.modelTable(e))]
                + (e.comparisons.isEmpty ? [] : [.table(ExperimentProse.comparisonTable(e))])
                + (testable ? [] : [.callout(ExperimentProse.untestableNote)])
                + [.bullets(e.comparisons.map { ExperimentProse.verdict($0, in: e) })] + figure,
            subsections: e.rows.compactMap { results.description($0.model) }.map {
                Section("Layers of \($0.title)", [.table(Tables.layers($0))])
            })
    }

    func reproducibility() -> Section {
        let env = results.environment
        return Section(
            "Reproducibility",
            [
                .paragraph(
                    """
                    Command: `\(env.command)`. Every random choice (initial weights, batch order, augmentation) \
                    derives from the seed listed per run; rerunning the command on the same data gives the same \
                    runs, read back from the run cache.
                    """),
                .table(Tables.runs(results.runs)),
                .bullets([
                    "Data: \(results.data.directory) (\(results.data.source))",
                    "ConvLab \(env.convlabVersion), \(env.swift); \(env.processor), \(env.cores) cores",
                    "Training, summed over the runs: \(Format.seconds(results.trainingSeconds)); this report's "
                        + "command: \(Format.seconds(env.wallSeconds)) wall time (cached runs are read, not trained)",
                ]),
            ])
    }
}
