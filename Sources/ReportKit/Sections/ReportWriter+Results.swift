import DocumentKit
import Study

/// Test accuracy per featured model and per class, what the models learned and got wrong, and
/// accuracy against size over every model.
extension ReportWriter {
    func testResults() -> Section {
        let rows = results.featured.compactMap { m in
            results.lowestSeedRun(m).map { r in
                let all = findings.sizeAccuracy.row(m)?.accuracy
                return [
                    title(m), Format.count(description(m)?.parameters ?? 0), all.map(Format.meanStd) ?? "—",
                    String(all?.values.count ?? 0),
                    Format.accuracy(r.testAccuracy), Format.accuracy(r.validationAccuracy),
                    Format.seconds(r.meanEpochSeconds),
                ]
            }
        }
        let header = [
            "model", "parameters", "test accuracy (mean ± std)", "seeds", "test accuracy (seed 0)",
            "validation accuracy (seed 0)", "seconds per epoch (seed 0)",
        ]
        var blocks: [Block] = [.table(Table(header: header, rows: rows))] + figure(.testAccuracy)
        if let c = findings.classes, let names = results.statistics?.classNames {
            let pair = c.mostConfused
            func change(_ k: Int) -> String {
                "\(Format.percent(c.baselineAccuracy[k])) → \(Format.percent(c.modelAccuracy[k]))"
            }
            blocks.append(
                .paragraph(
                    """
                    Per class (seed \(c.seed)), \(title(c.model)) gains most over \(title(c.baseline)) on \
                    **\(names[c.mostGained])** (\(change(c.mostGained))) and least on **\(names[c.leastGained])** \
                    (\(change(c.leastGained))). Its hardest class is **\(names[c.hardest])** \
                    (\(Format.percent(c.modelAccuracy[c.hardest]))), and its most frequent confusion is \
                    \(names[pair.trueClass]) taken for \(names[pair.predictedClass]) (\(pair.count) of \
                    \(pair.ofImages) test images).
                    """))
        }
        let lead = findings.classes.map { [$0.baseline, $0.model] } ?? []
        let shown: [FigureID] =
            [.perClassAccuracy] + lead.map(FigureID.confusion) + results.featured.map(FigureID.filters)
            + (findings.classes.map { [.mistakes($0.model)] } ?? [])
        return Section(
            "Results", blocks + shown.flatMap(figure),
            subsections: findings.sizeAccuracy.showsAPattern ? [sizeAccuracy(findings.sizeAccuracy)] : [])
    }

    /// Every model's accuracy against its size, and what the two have to do with each other.
    func sizeAccuracy(_ s: SizeAccuracy) -> Section {
        let rows = s.rows.map { r in
            [
                title(r.model), Format.count(r.parameters), Format.count(r.multiplyAccumulates),
                Format.seconds(r.epochSeconds.mean), Format.meanStd(r.accuracy), String(r.accuracy.values.count),
            ]
        }
        let header = [
            "model", "parameters", "multiply-accumulates", "seconds per epoch", "test accuracy (mean ± std)", "seeds",
        ]
        var blocks: [Block] = [.table(Table(header: header, rows: rows))] + figure(.sizeAccuracy)
        if let best = s.mostAccurate.flatMap(s.row), let lean = s.mostAccuratePerParameter.flatMap(s.row) {
            let r = s.parameterAccuracyCorrelation ?? 0
            let reading =
                s.correlationIsWeak
                ? "where the parameters sit matters more than how many there are."
                : "here more parameters did go with \(r > 0 ? "higher" : "lower") accuracy."
            blocks.append(
                .paragraph(
                    """
                    The most accurate model is \(title(best.model)) (\(Format.meanStd(best.accuracy))); the most \
                    accurate per parameter is \(title(lean.model)) (\(Format.count(lean.parameters)) parameters). \
                    Across the \(s.rows.count) models the correlation of parameter count with mean accuracy is r = \
                    \(String(format: "%.2f", r)): \(reading)
                    """))
        }
        blocks.append(
            .paragraph(
                """
                Seconds per epoch are the wall times measured during each run (cached runs keep theirs); a run that \
                shared the machine with other work reads slower, so compare costs by the multiply-accumulates, which \
                do not depend on load.
                """))
        return Section("Accuracy against size, every model", blocks)
    }
}
