import DocumentKit
import Foundation
import Study

/// Discussion, deployment and reproducibility.
extension ReportWriter {
    func discussion() -> Section {
        guard let h = findings.headline else { return Section("Discussion") }
        let cnnFit = findings.training.first { $0.model == .cnn3 }
        return Section(
            "Discussion",
            [
                .paragraph(
                    """
                    \(h.cnnWins ? "The convolutional network won" : "The fully connected network won, against expectation"): \
                    \(Format.percent(h.cnnAccuracy)) against \(Format.percent(h.mlpAccuracy)) with \(Format.count(h.cnnParameters)) \
                    parameters against \(Format.count(h.mlpParameters)). The CNN builds in two assumptions \
                    the MLP has to learn, if it can: that nearby pixels belong together (locality: each unit sees a small window) \
                    and that a pattern means the same wherever it appears (weight sharing across positions, \
                    and pooling that tolerates small shifts). \
                    The MLP treats the 3,072 inputs as an unordered list and spends most of its parameters \
                    relating each pixel to every unit.
                    """),
                .paragraph(
                    """
                    The price of that bias is arithmetic, not parameters: the CNN does far more multiply-accumulates \
                    per image and its epochs are slower. \
                    \(cnnFit.map(overfitSentence) ?? overfitSentence(gap: 0, fit: .slightlyAbove))
                    """),
                .paragraph(kernelInterpretation()),
            ]
                + (claimsTable().map { table in
                    [
                        .paragraph(
                            "**The lab's claims, measured.** Each claim against the experiment that tests it (details in the sections above):"
                        ),
                        .table(table),
                    ]
                } ?? []))
    }

    func overfitSentence(_ t: TrainingFinding) -> String { overfitSentence(gap: t.gap, fit: t.fit) }

    func overfitSentence(gap: Double, fit: TrainingFinding.Fit) -> String {
        switch fit {
        case .overfitting:
            "Its training accuracy ended \(Format.points(gap)) points above validation: with no augmentation or regularisation it "
                + "was overfitting by the last epochs, and early stopping at the validation peak, or augmentation, would be the next step."
        case .slightlyAbove:
            "Its training accuracy ended \(Format.points(gap)) points above validation: not much overfitting yet."
        case .below:
            "Its training accuracy (a mean over each epoch while the weights improved) ended \(Format.points(-gap)) points below "
                + "validation: far from overfitting."
        }
    }

    func kernelInterpretation() -> String {
        let k = findings.kernel
        let c = findings.costs
        let (field3, field5) = (c.field3 ?? 0, c.field5 ?? 0)
        let diff = k.comparison.difference
        let opening =
            "On kernel size: 5×5 kernels let a unit after the last pooling layer see \(Format.square(field5)) pixels "
            + "instead of \(Format.square(field3)), for \(Format.ratio(k.macRatio))× the arithmetic."
        guard let p = k.comparison.welch.p else {
            return opening + " With one seed per size the runs cannot tell whether that bought accuracy."
        }
        switch k.comparison.verdict {
        case .better:
            return opening
                + " Here the wider view paid: \(Format.points(diff)) points, more than the seed-to-seed noise "
                + "(p = \(String(format: "%.3f", p)))."
        case .worse:
            return opening + " Here it cost accuracy: 3×3 was \(Format.points(-diff)) points better, beyond the noise "
                + "(p = \(String(format: "%.3f", p))), as two stacked 3×3 layers already see far enough at less cost."
        case .indistinguishable, .untestable:
            return opening
                + " Here that bought no accuracy that can be told from noise (a \(Format.points(abs(diff)))-point "
                + "difference, p = \(String(format: "%.2f", p))): the cheaper 3×3 kernels are the efficient choice for this network."
        }
    }

    func deployment() -> Section {
        guard let best = results.bestCNN else { return Section("Deployment") }
        let c = best.run.configuration
        return Section(
            "Deployment",
            [
                .paragraph(
                    """
                    The CNN with the best test accuracy, \(c.model.title) from seed \(c.seed) \
                    (\(Format.percent(best.testAccuracy))), is packaged as [`model.tar.gz`](model.tar.gz): a gzip'd \
                    tar holding `model.weights` and `model.json` (architecture, class names, input shape and \
                    scaling, training configuration, test accuracy, data checksums), the layout SageMaker extracts \
                    into `/opt/ml/model`, and the same model as `model.onnx` (opset 17; input `images`, (N, 32, 32, \
                    3) floats in [0, 1]; output `probabilities`) for onnxruntime. `report export --run \(best.key)` \
                    makes it again from the run cache.
                    """),
                .code(
                    """
                    swift run report predict --model report/model.tar.gz cat.png          # top classes per image \
                    (any size; resized by area averaging)
                    swift run report serve --model report/model.tar.gz --port 8080       # GET /ping, POST /invocations
                    curl -s -H 'Content-Type: image/png' --data-binary @cat.png localhost:8080/invocations
                    """),
                .paragraph(
                    """
                    `POST /invocations` takes one `image/png`, or `application/json` of the form `{"instances": \
                    [image, …]}` (32×32×3 numbers per image, channels last, floats in [0, 1] or bytes), and answers \
                    the probabilities and the top class of each image; bodies over 6 MB get 413, other content types \
                    415, unreadable PNG or JSON 400 with the reason.
                    """),
            ])
    }

    func reproducibility() -> Section {
        let env = results.environment
        let engines = findings.convolutionEngines.map { "\($0.engine): \($0.runs) run\($0.runs == 1 ? "" : "s")" }
        let trained = results.runs.filter { !$0.reused }.count
        let reused = results.runs.filter(\.reused).count
        let memory = env.peakMemoryMB.map { "; peak memory \(String(format: "%.0f", $0)) MB" } ?? ""
        return Section(
            "Reproducibility",
            [
                .paragraph(
                    """
                    Command: `\(env.command)`. Every random choice (initial weights, batch order) derives from the \
                    seed listed per run; rerunning the command on the same data gives the same runs (reused from the \
                    run cache unless it is deleted).
                    """),
                .table(Tables.runs(results.runs)),
                .table(
                    Table(
                        header: ["file", "MD5"],
                        rows: results.data.md5.sorted { $0.key < $1.key }.map { ["`\($0.key)`", "`\($0.value)`"] })),
                .bullets([
                    "ConvLab \(env.convlabVersion), \(env.swift), GEMM: \(env.gemm)",
                    "Convolutions: " + engines.joined(separator: "; "),
                    "Machine: \(env.processor), \(env.cores) cores, \(env.operatingSystem)",
                    "Started \(ISO8601DateFormatter().string(from: env.startedAt)); whole study \(Format.seconds(env.wallSeconds)) wall time "
                        + "(\(trained) runs trained now, \(reused) reused)\(memory)",
                ]),
            ])
    }
}
