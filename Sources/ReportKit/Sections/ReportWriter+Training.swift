import DocumentKit
import Study

/// How each featured model trained: its recipe, and its curves from its lowest-seed run.
extension ReportWriter {
    func training() -> Section {
        let recipes = results.recipes
        let described = recipes.map { r in
            let who =
                recipes.count == 1 ? "Every model" : r.models.map { "**\(title($0))**" }.joined(separator: ", ")
            return "\(who): " + recipe(r.configuration)
        }
        let curves = """
            The training curve is the mean over the epoch's batches while the weights were changing (what Keras \
            prints); the validation curve is measured after each epoch. Each model below is shown by its lowest-seed \
            run.
            """
        var blocks = (described.count == 1 ? [described[0] + " " + curves] : described + [curves]).map(Block.paragraph)
        for t in findings.training {
            let fit =
                t.fit == .overfitting
                ? "\(Format.points(t.gap)) points above validation: the model had begun to overfit"
                : "close to validation: no strong overfitting yet"
            blocks.append(
                .paragraph(
                    """
                    **\(title(t.model))** (seed \(t.seed)). Validation accuracy peaked at \
                    \(Format.percent(t.peakValidationAccuracy)) after epoch \(t.peakEpoch) and ended at \
                    \(Format.percent(t.finalValidationAccuracy)); training accuracy ended at \
                    \(Format.percent(t.finalTrainingAccuracy)), \(fit). An epoch took \
                    \(Format.seconds(t.meanEpochSeconds)) on average \
                    (\(String(format: "%.0f", t.lastImagesPerSecond)) images/s in the last).
                    """))
            blocks += figure(.curves(t.model))
        }
        return Section("Training", blocks)
    }

    /// A recipe, as a run records it.
    func recipe(_ config: TrainingConfiguration) -> String {
        let adam = config.optimizer
        let decay = adam.weightDecay.map { ", decoupled weight decay \($0)" } ?? ""
        let optimizer =
            config.sgd.map {
                """
                SGD with Nesterov momentum \($0.momentum) in airbench's terms (rate \($0.learningRate) and \
                decoupled weight decay \($0.weightDecay) per 1,024 images, the norms' biases at \
                \(Format.number($0.normBiasRateFactor))× the rate)
                """
            }
            ?? "Adam (learning rate \(adam.learningRate), β₁ \(adam.beta1), β₂ \(adam.beta2), ε \(adam.epsilon)"
            + "\(decay))"
        let plain =
            config.augmentation == nil && config.schedule == nil && config.earlyStopping == nil
            ? ", no augmentation, schedule or early stopping" : ""
        let epochs = config.fractionalEpochs.map { "\(Format.number($0)) epochs" } ?? "\(config.epochs) epochs"
        return """
            softmax cross-entropy\(smoothing(config)), \(optimizer), mini-batches of \(config.batchSize) images \
            shuffled anew each epoch\(config.dropsLastBatch == true ? " (the last, smaller one left out)" : ""), \
            \(epochs)\(plain)\(speedrunPieces(config)).
            """
    }

    private func smoothing(_ config: TrainingConfiguration) -> String {
        config.labelSmoothing.map { " with label smoothing \(Format.number($0))" } ?? ""
    }

    /// airbench's Lookahead and whitening layer, as the run records them.
    private func speedrunPieces(_ config: TrainingConfiguration) -> String {
        var pieces: [String] = []
        if let l = config.lookahead {
            pieces.append(
                "Lookahead every \(l.every) steps (decay \(Format.number(l.decay))^\(l.every)·(step/steps)^"
                    + "\(Format.number(l.power)))")
        }
        if let views = config.testTimeAugmentation {
            pieces.append(
                "the final test accuracy measured with test-time augmentation (\(Format.views(views)), the logits "
                    + "averaged), the per-epoch curves without it")
        }
        if let w = config.whitening {
            pieces.append(
                "the first layer's filters set from the 2×2 patches of the first \(w.images) training images "
                    + "(whitening), not trained, its bias trained for \(w.biasEpochs) epochs")
        }
        return pieces.isEmpty ? "" : "; " + pieces.joined(separator: "; ")
    }
}
