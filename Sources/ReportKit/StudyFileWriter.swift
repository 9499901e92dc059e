import DocumentKit
import Foundation
import NeuralNet
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
            sections: [summary()] + results.experiments.map(section) + [trust(), reproducibility()])
    }

    func summary() -> Section {
        let verdicts = results.experiments.flatMap { e in
            e.comparisons.map { v in "**\(e.title)** — " + ExperimentProse.verdict(v, in: e) }
        }
        return Section(
            "Question and answers",
            [.paragraph(results.question), .bullets(verdicts), .paragraph(ExperimentProse.method)])
    }

    func section(_ e: ExperimentResult) -> Section {
        let testable = e.rows.allSatisfy { $0.seeds.count >= 2 }
        let figure = figures[.experiment(e.name)].map { [$0.block(under: figurePath)] } ?? []
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

    /// Why the numbers can be trusted: where each model's loss started, and each layer type's
    /// backward pass against finite differences.
    func trust() -> Section {
        let ln10 = Foundation.log(10.0)
        let losses = results.initialLosses.map { i -> [String] in
            let recorded = i.loss.values.count
            return [
                results.description(i.model)?.title ?? i.model.rawValue,
                recorded == 0 ? "not recorded" : String(format: "%.3f", i.loss.mean),
                recorded == 0 ? "—" : String(format: "%+.3f", i.minusLn10), "\(recorded) of \(i.runs)",
            ]
        }
        let checks = results.engineChecks.map { c in
            [
                "`\(c.kind.rawValue)`", Format.count(c.checkedElements), String(format: "%.1e", c.worstRelativeError),
                c.passed ? "passed" : "**failed**",
            ]
        }
        return Section(
            "Why these numbers can be trusted",
            [
                .paragraph(
                    """
                    Before its first step, a network that favours no class has a cross-entropy of ln 10 ≈ \
                    \(String(format: "%.3f", ln10)) on any images; a start far from it means a broken \
                    initialisation or loss. Each model's validation loss before training, mean over its runs:
                    """),
                .table(Table(header: ["model", "initial loss", "minus ln 10", "runs"], rows: losses)),
                .paragraph(
                    """
                    Every layer type the study uses, checked when this report was made: its backward pass on a \
                    small instance in Double against central finite differences of its forward pass (step \
                    \(GradientCheck.step)), for the input and every parameter; passed when the largest relative \
                    error is below \(GradientCheck.tolerance). The training itself computes in Float on the fast \
                    path, which the test suite checks against this reference.
                    """),
                .table(Table(header: ["layer", "gradient elements", "worst relative error", "check"], rows: checks)),
            ])
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
                    "Whole study: \(Format.seconds(env.wallSeconds)) wall time",
                ]),
            ])
    }
}
