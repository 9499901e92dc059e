import ConvLabTestSupport
import Foundation
import NeuralNet
import Testing

@testable import Study

/// Test-time augmentation's effect: the same runs with and without it, paired by run, decided in
/// the study's family.
@Suite struct AugmentationEffectTests {
    /// cnn5 "trained with" mirror test-time augmentation: its last epoch's plain test accuracy and
    /// the augmented one per seed.
    func augmentedRuns(plain: [Double], augmented: [Double]) -> [RunRecord] {
        zip(plain, augmented).enumerated().map { seed, pair in
            var record = RunRecord.made(.cnn5, seed: UInt64(seed), epochs: [(0.5, 0.5, 0.5), (pair.0, pair.0, pair.0)])
            record.run.configuration.testTimeAugmentation = .mirror
            record.run.augmentedTestAccuracy = pair.1
            return record
        }
    }

    let plain = [0.932, 0.931, 0.933]
    let augmented = [0.941, 0.938, 0.944]
    /// The paired t-test of the differences 0.009, 0.007, 0.011 (mean 0.009, std 0.002): t = 0.009 /
    /// (0.002 / √3) with 2 degrees of freedom, whose two-sided p is exactly 1 − |t| / √(t² + 2).
    var expectedT: Double { 0.009 / (0.002 / 3.0.squareRoot()) }
    var expectedP: Double { 1 - expectedT / (expectedT * expectedT + 2).squareRoot() }

    @Test func theSameRunsAreComparedWithAndWithoutByThePairedTest() throws {
        let effect = try #require(AugmentationEffect(.cnn5, runs: augmentedRuns(plain: plain, augmented: augmented)))
        #expect(effect.views == .mirror && effect.seeds == [0, 1, 2])
        #expect(abs(effect.plain.mean - 0.932) < 1e-12 && abs(effect.augmented.mean - 0.941) < 1e-12)
        let test = effect.comparison.test
        #expect(test.design == .paired && abs(test.difference - 0.009) < 1e-12)
        #expect(abs((test.t ?? 0) - expectedT) < 1e-6 && abs((test.p ?? 1) - expectedP) < 1e-9)
        #expect(effect.comparison.verdict == .better)
    }

    @Test func onlyRunsWithTestTimeAugmentationAndTheFinalEndPointHaveAnEffect() {
        let plainRuns = [RunRecord.made(.cnn3, seed: 0, accuracy: 0.7), .made(.cnn3, seed: 1, accuracy: 0.71)]
        #expect(AugmentationEffect(.cnn3, runs: plainRuns) == nil)
        let runs = plainRuns + augmentedRuns(plain: plain, augmented: augmented)
        #expect(runs.augmentationEffects([.cnn3, .cnn5], endPoint: .final).map(\.model) == [.cnn5])
        #expect(runs.augmentationEffects([.cnn3, .cnn5], endPoint: .bestValidation).isEmpty)
        #expect(runs.augmentationEffects([.cnn3, .cnn5], endPoint: .meanLast(2)).isEmpty)
    }

    @Test func anExperimentRowShowsTheSameRunsWithoutTheAugmentation() throws {
        let records =
            [0.70, 0.705, 0.695].enumerated().map { RunRecord.made(.cnn3, seed: UInt64($0), accuracy: $1) }
            + augmentedRuns(plain: plain, augmented: augmented)
        let definition = ExperimentDefinition(name: "e", baseline: "cnn3", compared: ["cnn5"], seeds: 3)
        let result = ExperimentResult(definition, models: [], records: records)
        #expect(result.row(.cnn3)?.plainAccuracy == nil)
        #expect(result.row(.cnn5)?.plainAccuracy?.values == plain)
        #expect(result.row(.cnn5)?.accuracy.values == augmented)
        let atBest = ExperimentResult(definition, models: [], records: records, endPoint: .bestValidation)
        #expect(atBest.row(.cnn5)?.plainAccuracy == nil)
    }

    /// Holm over the experiment's comparison and the augmentation's: the augmentation's p is the
    /// smaller, so Holm doubles it (and it stays better); the experiment's is then max(2p, its own).
    @Test func theEffectIsOneComparisonOfTheStudysHolmFamily() throws {
        let baseline = [0.70, 0.705, 0.695]
        let records =
            baseline.enumerated().map { RunRecord.made(.cnn3, seed: UInt64($0), accuracy: $1) }
            + augmentedRuns(plain: [0.711, 0.738, 0.711], augmented: [0.720, 0.745, 0.722])
        let definition = StudyDefinition(
            title: "t", question: "q", models: [.cnn3, .cnn5],
            experiments: [ExperimentDefinition(name: "k", baseline: "cnn3", compared: ["cnn5"], seeds: 3)])
        let analysed = try FindingsTests().results(cnn5: [0.7, 0.7, 0.7]).replacingRuns(records)
            .analysed(by: definition)
        let effect = try #require(analysed.augmentationEffects?.first)
        #expect(analysed.augmentationEffects?.count == 1 && analysed.testedComparisons == 2)
        #expect(abs((effect.comparison.test.p ?? 1) - expectedP) < 1e-9)
        #expect(abs((effect.comparison.adjustedP ?? 1) - 2 * expectedP) < 1e-9)
        #expect(effect.comparison.verdict == .better)
        let experimentP = try #require(analysed.experiments.first?.comparisons.first?.comparison.test.p)
        let adjusted = analysed.experiments.first?.comparisons.first?.comparison.adjustedP
        #expect(experimentP > 2 * expectedP && adjusted == experimentP)
        // A study without augmentation writes no effects (results.json keeps its shape).
        let without = try FindingsTests().results(cnn5: [0.7, 0.7, 0.7]).analysed(by: definition)
        #expect(without.augmentationEffects == nil)
    }
}

extension StudyResults {
    fileprivate func replacingRuns(_ records: [RunRecord]) -> StudyResults {
        var copy = self
        copy.runs = records
        return copy
    }
}
