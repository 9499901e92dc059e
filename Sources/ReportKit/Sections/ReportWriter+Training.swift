import DocumentKit
import Study

/// How each featured model trained: its recipe, and its curves from its lowest-seed run.
extension ReportWriter {
    func training() -> Section {
        guard let config = results.runs.first?.run.configuration else { return Section("Training") }
        var blocks: [Block] = [.paragraph(recipe(config))]
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

    /// The recipe every run shares, as the first run records it.
    func recipe(_ config: TrainingConfiguration) -> String {
        let adam = config.optimizer
        let decay = adam.weightDecay.map { ", decoupled weight decay \($0)" } ?? ""
        let plain =
            config.augmentation == nil && config.schedule == nil && config.earlyStopping == nil
            ? ", no augmentation, schedule or early stopping" : ""
        return """
            Every model: softmax cross-entropy, Adam (learning rate \(adam.learningRate), β₁ \(adam.beta1), β₂ \
            \(adam.beta2), ε \(adam.epsilon)\(decay)), mini-batches of \(config.batchSize) images shuffled anew \
            each epoch, \(config.epochs) epochs\(plain). The training curve is the mean over the epoch's batches \
            while the weights were changing (what Keras prints); the validation curve is measured after each epoch. \
            Each model below is shown by its lowest-seed run.
            """
    }
}
