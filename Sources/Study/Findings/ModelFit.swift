/// How a model's training went over its seeds, for a study's discussion: where validation
/// accuracy peaked, how far the kept model ends below that peak (overfitting after the peak), and
/// how much better it does on its training batches than on the test set.
package struct ModelFit: Codable, Sendable, Equatable {
    /// The epoch (numbered from 1) after which the mean validation accuracy over the seeds was highest.
    package var peakEpoch: Int
    package var peakValidationAccuracy: Double
    /// Mean over the seeds of the kept model's validation accuracy (the last epoch's, or with
    /// early stopping the best epoch's).
    package var keptValidationAccuracy: Double
    /// Mean over the seeds of training minus test accuracy of the kept model. Training accuracy is
    /// measured during the epoch, on the batches as trained (augmented, dropout active).
    package var generalisationGap: Double
    /// Epochs trained, mean over the seeds (fewer than planned when early stopping ended runs).
    package var epochsTrained: Double
    package var epochsPlanned: Int

    package var stoppedEarly: Bool { epochsTrained < Double(epochsPlanned) }
    package var fallFromPeak: Double { peakValidationAccuracy - keptValidationAccuracy }

    /// nil without runs.
    package init?(_ runs: [RunRecord]) {
        let curves = runs.map { $0.run.epochs.map(\.validationAccuracy) }
        let meanCurve = ExperimentResult.curve(curves).map(\.mean)
        let finals = runs.compactMap(\.run.final)
        guard let peak = meanCurve.indices.max(by: { meanCurve[$0] < meanCurve[$1] }), !finals.isEmpty else {
            return nil
        }
        peakEpoch = peak + 1
        peakValidationAccuracy = meanCurve[peak]
        keptValidationAccuracy = SampleSummary(finals.map(\.validationAccuracy)).mean
        generalisationGap = SampleSummary(finals.map { $0.trainingAccuracy - $0.testAccuracy }).mean
        epochsTrained = SampleSummary(runs.map { Double($0.run.epochs.count) }).mean
        epochsPlanned = runs.map(\.run.configuration.epochs).max() ?? 0
    }
}
