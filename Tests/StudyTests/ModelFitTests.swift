import ConvLabTestSupport
import NeuralNet
import Testing

@testable import Study

@Suite struct ModelFitTests {
    /// A run of `planned` epochs with these (training, validation, test) accuracies per epoch.
    func record(seed: UInt64, planned: Int, _ epochs: [(Double, Double, Double)], kept: Int? = nil) -> RunRecord {
        .made(.cnn3, seed: seed, epochs: epochs, planned: planned, kept: kept)
    }

    @Test func peakFallAndGapOverTheSeeds() throws {
        // Mean validation curve: 0.50, 0.65, 0.60 — peak after epoch 2; kept (last) validation 0.60.
        let fit = try #require(
            ModelFit([
                record(seed: 0, planned: 3, [(0.5, 0.5, 0.5), (0.7, 0.6, 0.6), (0.9, 0.6, 0.55)]),
                record(seed: 1, planned: 3, [(0.5, 0.5, 0.5), (0.8, 0.7, 0.7), (0.95, 0.6, 0.65)]),
            ]))
        #expect(fit.peakEpoch == 2)
        #expect(abs(fit.peakValidationAccuracy - 0.65) < 1e-12)
        #expect(abs(fit.fallFromPeak - 0.05) < 1e-12)
        #expect(abs(fit.generalisationGap - 0.325) < 1e-12)  // (0.35 + 0.30) / 2
        #expect(!fit.stoppedEarly && fit.epochsTrained == 3)
    }

    @Test func aRunStoppedEarlyKeepsItsBestEpoch() throws {
        let fit = try #require(
            ModelFit([record(seed: 0, planned: 10, [(0.5, 0.5, 0.5), (0.8, 0.7, 0.68), (0.9, 0.6, 0.6)], kept: 2)]))
        #expect(fit.peakEpoch == 2 && abs(fit.fallFromPeak) < 1e-12)
        #expect(abs(fit.generalisationGap - 0.12) < 1e-12)
        #expect(fit.stoppedEarly && fit.epochsTrained == 3 && fit.epochsPlanned == 10)
    }

    @Test func noRunsNoFit() { #expect(ModelFit([]) == nil) }

    /// A run early stopping ended is finished (the run cache reads it back), one cut short is not.
    @Test func aRunStoppedByPatienceIsFinished() {
        let epochs = [(0.5, 0.5, 0.5), (0.8, 0.7, 0.68), (0.9, 0.6, 0.6)]
        var stopped = record(seed: 0, planned: 10, epochs, kept: 2).run
        #expect(!stopped.isFinished)  // no early stopping configured: 3 of 10 epochs is cut short
        stopped.configuration.earlyStopping = EarlyStopping(patience: 1)
        #expect(stopped.isFinished)
        stopped.configuration.earlyStopping = EarlyStopping(patience: 2)
        #expect(!stopped.isFinished)  // one epoch past the kept one: patience 2 would have gone on
        #expect(record(seed: 0, planned: 3, epochs).run.isFinished)
    }
}
