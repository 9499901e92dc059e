import DocumentKit
import Study

/// The discussion: the author's reading, how each model of each experiment trained, and the
/// study's claims against what was measured.
extension ReportWriter {
    func discussion() -> Section {
        var blocks = results.discussion.map(Block.paragraph)
        blocks.append(
            .paragraph(
                """
                The verdicts say which model ends better; the numbers below say how each got there. A kept model \
                well below its validation peak went on training past the point where it generalised best; a large \
                gap between training and test accuracy says the same over the whole run. Training accuracy is \
                measured during each epoch on the batches as trained, so augmentation and dropout lower it and \
                shrink the gap by themselves.
                """))
        if !findings.claims.isEmpty {
            blocks += [
                .paragraph("**The claims, measured.** Each against the experiment or probe that tests it:"),
                .table(
                    Table(
                        header: ["claim", "measured", "verdict"],
                        rows: findings.claims.map {
                            [$0.claim.text, ClaimText.measured($0, title), ClaimText.verdict($0)]
                        })),
            ]
        }
        return Section(
            "Discussion", blocks,
            subsections: results.experiments.map { e in Section(e.title, [.bullets(e.rows.map { fit($0, in: e) })]) })
    }

    /// "**CNN 3×3** (baseline): validation accuracy peaked after epoch 5 at 70.1%; the kept model ends
    /// 3.2 points below that peak; training accuracy ends 25.3 points above test accuracy; 8.1 s per
    /// epoch." — a compared model's cost also as a multiple of the baseline's.
    func fit(_ row: ExperimentResult.ModelRow, in e: ExperimentResult) -> String {
        let name = "**\(row.title)**" + (row.model == e.baseline ? " (baseline)" : "")
        guard let fit = row.fit else { return "\(name): no runs." }
        let stopped =
            fit.stoppedEarly
            ? String(format: " (stopped early: %.1f of %d epochs on average)", fit.epochsTrained, fit.epochsPlanned)
            : ""
        let cost = e.versus(row.model)?.epochTimeRatio.map { ", \(Format.ratio($0))× the baseline's" } ?? ""
        let gap = fit.generalisationGap
        return "\(name): validation accuracy peaked after epoch \(fit.peakEpoch) at "
            + "\(Format.percent(fit.peakValidationAccuracy))\(stopped); the kept model ends "
            + "\(Format.points(fit.fallFromPeak)) points below that peak; training accuracy ends "
            + "\(Format.points(abs(gap))) points \(gap < 0 ? "below" : "above") test accuracy; "
            + "\(Format.seconds(row.epochSeconds.mean)) per epoch\(cost)."
    }
}
