import DocumentKit
import Study

/// The question, and every experiment's and claim's answer to it.
extension ReportWriter {
    func summary() -> Section {
        let verdicts = results.experiments.flatMap { e in
            (e.comparisons.map { ExperimentProse.verdict($0, in: e) } + augmentationVerdicts(e)).map {
                "**\(e.title)** — " + $0
            }
        }
        var blocks: [Block] =
            modifiedDataWarning(results.data.modifiedFiles ?? []) + [.paragraph(results.question), .bullets(verdicts)]
        if !findings.claims.isEmpty {
            let claims = findings.claims.map { "*\($0.claim.text)*: \(ClaimText.verdict($0))" }
            blocks.append(
                .paragraph(
                    "The claims, each tested by its own experiment or probe below — " + claims.joined(separator: "; ")
                        + "."))
        }
        blocks.append(.paragraph(ExperimentProse.method(results)))
        if results.quick {
            blocks.append(
                .callout(
                    """
                    This is a **quick** run: at most \(Format.count(QuickStudy.trainingImages)) training and \
                    \(Format.count(QuickStudy.testImages)) test images, \(QuickStudy.epochs) epochs, \
                    \(QuickStudy.seeds) seeds. Its numbers check the pipeline, not the models.
                    """))
        }
        return Section("Question and answers", blocks)
    }
}
