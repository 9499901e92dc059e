import DocumentKit
import Foundation
import Study

/// Training, test results, the kernel-size experiment, discussion, deployment and reproducibility.
extension ReportWriter {
    func training() -> Section {
        guard let config = results.runs.first?.run.configuration else { return Section("Training") }
        let adam = config.optimizer
        var blocks: [Block] = [
            .paragraph(
                """
                Every model: softmax cross-entropy, Adam with Keras' defaults (learning rate \(adam.learningRate), \
                β₁ \(adam.beta1), β₂ \(adam.beta2), ε \(adam.epsilon)), mini-batches of \(config.batchSize) images \
                shuffled anew each epoch, \(config.epochs) epochs, no augmentation or regularisation. The training \
                curve is the mean over the epoch's batches while the weights were changing (what Keras prints); the \
                validation curve is measured after each epoch.
                """)
        ]
        for t in findings.training {
            let fit =
                t.fit == .overfitting
                ? "\(Format.points(t.gap)) points above validation: the model had begun to overfit"
                : "close to validation: no strong overfitting yet"
            blocks.append(
                .paragraph(
                    """
                    **\(t.model.title).** Validation accuracy peaked at \(Format.percent(t.peakValidationAccuracy)) \
                    after epoch \(t.peakEpoch) and ended at \(Format.percent(t.finalValidationAccuracy)); training \
                    accuracy ended at \(Format.percent(t.finalTrainingAccuracy)), \(fit). An epoch took \
                    \(Format.seconds(t.meanEpochSeconds)) on average \
                    (\(String(format: "%.0f", t.lastImagesPerSecond)) images/s in the last).
                    """))
            blocks += figure(.curves(t.model))
        }
        return Section("Training", blocks)
    }

    func testResults() -> Section {
        let mains = StudyModel.lab.compactMap { m in results.lowestSeedRun(m).map { (m, $0) } }
        let rows = mains.map { m, r in
            [
                m.title, Format.count(model(m)?.parameters ?? 0), Format.accuracy(r.testAccuracy),
                Format.accuracy(r.run.final?.validationAccuracy ?? .nan), Format.seconds(r.meanEpochSeconds),
            ]
        }
        var blocks: [Block] =
            [
                .table(
                    Table(
                        header: ["model", "parameters", "test accuracy", "validation accuracy", "seconds per epoch"],
                        rows: rows))
            ] + figure(.testAccuracy)
        if let c = findings.classes {
            let names = results.statistics.classNames
            let pair = c.mostConfused
            func change(_ k: Int) -> String {
                "\(Format.percent(c.mlpAccuracy[k])) → \(Format.percent(c.cnnAccuracy[k]))"
            }
            blocks.append(
                .paragraph(
                    """
                    Per class, the CNN gains most on **\(names[c.mostGained])** (\(change(c.mostGained))) and least \
                    on **\(names[c.leastGained])** (\(change(c.leastGained))). Its hardest class is \
                    **\(names[c.hardest])** (\(Format.percent(c.cnnAccuracy[c.hardest]))), and its most frequent \
                    confusion is \(names[pair.trueClass]) taken for \(names[pair.predictedClass]) (\(pair.count) of \
                    \(pair.ofImages) test images).
                    """))
        }
        let shown: [FigureID] = [
            .perClassAccuracy, .confusion(.mlp), .confusion(.cnn3), .filters(.cnn3), .filters(.cnn5), .mistakes,
        ]
        return Section("Results", blocks + shown.flatMap(figure))
    }

    func kernelVerdict() -> String {
        let e = results.experiment
        let k = findings.kernel
        let n = k.seeds
        guard let p = k.comparison.welch.p else {
            return
                "With \(n) seed\(n == 1 ? "" : "s") per kernel size, 5×5 kernels scored \(Format.percent(e.accuracy5.mean)) and "
                + "3×3 \(Format.percent(e.accuracy3.mean)); more seeds are needed to tell the difference from noise."
        }
        let verdict =
            k.comparison.isSignificant
            ? "The difference is larger than the seed-to-seed noise (Welch's t-test, p = \(String(format: "%.3f", p)))."
            : "The difference is within the seed-to-seed noise (Welch's t-test, p = \(String(format: "%.2f", p))): "
                + "these runs do not show that either kernel size is better."
        return """
            Over \(n) seeds, 3×3 kernels reached \(Format.meanStd(e.accuracy3)) and 5×5 kernels \
            \(Format.meanStd(e.accuracy5)) test accuracy (mean ± std, in points); \(k.fiveIsAhead ? "5×5" : "3×3") \
            is ahead by \(Format.points(abs(k.comparison.difference))) points. \(verdict)
            """
    }

    func kernelExperiment() -> Section {
        let e = results.experiment
        let d3 = model(.cnn3)
        let d5 = model(.cnn5)
        func row(
            _ name: String, _ d: ModelDescription?, _ seconds: SampleSummary, _ accuracy: SampleSummary
        ) -> [String] {
            [
                name, Format.count(d?.parameters ?? 0), Format.count(d?.multiplyAccumulates ?? 0),
                Format.seconds(seconds.mean),
                Format.meanStd(accuracy), accuracy.values.map(Format.accuracy).joined(separator: ", "),
            ]
        }
        let header = [
            "kernels", "parameters", "multiply-accumulates", "seconds per epoch", "test accuracy (mean ± std)",
            "per seed",
        ]
        return Section(
            "Kernel size: a controlled experiment",
            [
                .paragraph(
                    """
                    The same CNN with 5×5 instead of 3×3 kernels, everything else fixed (data, optimiser, epochs, \
                    batch size), trained from seeds \(e.seeds.map(String.init).joined(separator: ", ")) each. A seed \
                    sets both the initial weights and the order of the batches, so the spread over seeds is the \
                    noise any single comparison carries.
                    """),
                .table(
                    Table(
                        header: header,
                        rows: [
                            row("3×3", d3, e.epochSeconds3, e.accuracy3), row("5×5", d5, e.epochSeconds5, e.accuracy5),
                        ])),
                .paragraph(kernelVerdict()),
            ] + figure(.kernelExperiment) + [
                .paragraph(
                    """
                    The 5×5 model costs \(Format.ratio(findings.kernel.macRatio))× the multiply-accumulates of the \
                    3×3 one for \(Format.count(findings.costs.fiveMinusThreeParameters)) more parameters, and its \
                    epochs took \(Format.ratio(findings.kernel.epochTimeRatio))× as long here.
                    """)
            ])
    }
}
