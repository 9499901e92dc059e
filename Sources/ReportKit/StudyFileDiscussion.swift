import DocumentKit
import Study

/// A study file's Discussion: how each model of each experiment trained — where validation
/// accuracy peaked, how far the kept model ends below that peak, its training-to-test gap and
/// what an epoch cost — so a verdict can be read with its reason beside it.
enum StudyFileDiscussion {
    static func section(_ results: StudyFileResults) -> Section {
        Section(
            "Discussion",
            [
                .paragraph(
                    """
                    The verdicts above say which model ends better; the numbers below say how each got there. \
                    A kept model well below its validation peak went on training past the point where it \
                    generalised best; a large gap between training and test accuracy says the same over the \
                    whole run. Training accuracy is measured during each epoch on the batches as trained, so \
                    augmentation and dropout lower it and shrink the gap by themselves.
                    """)
            ],
            subsections: results.experiments.map { e in Section(e.title, [.bullets(e.rows.map { line($0, in: e) })]) })
    }

    /// "**CNN 3×3** (baseline): validation accuracy peaked after epoch 5 at 70.1%; the kept model ends
    /// 3.2 points below that peak; training accuracy ends 25.3 points above test accuracy; 8.1 s per
    /// epoch." — a compared model's cost also as a multiple of the baseline's.
    static func line(_ row: ExperimentResult.ModelRow, in e: ExperimentResult) -> String {
        let isBaseline = row.model == e.baseline
        let name = "**\(row.title)**" + (isBaseline ? " (baseline)" : "")
        guard let fit = row.fit else { return "\(name): no runs." }
        let stopped =
            fit.stoppedEarly
            ? String(format: " (stopped early: %.1f of %d epochs on average)", fit.epochsTrained, fit.epochsPlanned)
            : ""
        let cost = isBaseline ? nil : e.costRelativeToBaseline(row).map { ", \(Format.ratio($0))× the baseline's" }
        let gap = fit.generalisationGap
        return "\(name): validation accuracy peaked after epoch \(fit.peakEpoch) at "
            + "\(Format.percent(fit.peakValidationAccuracy))\(stopped); the kept model ends "
            + "\(Format.points(fit.fallFromPeak)) points below that peak; training accuracy ends "
            + "\(Format.points(abs(gap))) points \(gap < 0 ? "below" : "above") test accuracy; "
            + "\(Format.seconds(row.epochSeconds.mean)) per epoch\(cost ?? "")."
    }
}
