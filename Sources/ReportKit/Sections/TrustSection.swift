import DocumentKit
import Foundation
import NeuralNet
import Study

/// Why a study's numbers can be trusted: where each model's loss started against ln 10, and each
/// layer type's backward pass against finite differences. Both reports end with it.
enum TrustSection {
    static func section(
        initialLosses: [InitialLoss], checks: [EngineCheck], title: (StudyModel) -> String
    ) -> Section {
        let losses = initialLosses.map { i -> [String] in
            let recorded = i.loss.values.count
            return [
                title(i.model), recorded == 0 ? "not recorded" : String(format: "%.3f", i.loss.mean),
                recorded == 0 ? "—" : String(format: "%+.3f", i.minusLn10), "\(recorded) of \(i.runs)",
            ]
        }
        let checkRows = checks.map { c in
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
                    \(String(format: "%.3f", Foundation.log(10.0))) on any images; a start far from it means a \
                    broken initialisation or loss. Each model's validation loss before training, mean over its runs:
                    """),
                .table(Table(header: ["model", "initial loss", "minus ln 10", "runs"], rows: losses)),
                .paragraph(
                    """
                    Every layer type the study uses, checked by the command that ran the study: its backward pass on a \
                    small instance in Double against central finite differences of its forward pass (step \
                    \(GradientCheck.step)), for the input and every parameter; passed when the largest relative \
                    error is below \(GradientCheck.tolerance). The training itself computes in Float on the fast \
                    path, which the test suite checks against this reference.
                    """),
                .table(
                    Table(header: ["layer", "gradient elements", "worst relative error", "check"], rows: checkRows)),
            ])
    }
}
