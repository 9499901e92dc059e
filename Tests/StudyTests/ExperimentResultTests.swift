import ConvLabTestSupport
import Foundation
import NeuralNet
import Testing

@testable import Study

@Suite struct BootstrapIntervalTests {
    @Test func identicalConstantSamplesGiveAPointAtTheirDifference() throws {
        let interval = try #require(BootstrapInterval([0.7, 0.7, 0.7], [0.6, 0.6]))
        #expect(abs(interval.lower - 0.1) < 1e-12 && abs(interval.upper - 0.1) < 1e-12)
    }

    @Test func theIntervalLiesWithinWhatResamplingCanGiveAndIsReproducible() throws {
        let a = [0.70, 0.72, 0.74]
        let b = [0.60, 0.61, 0.65]
        let interval = try #require(BootstrapInterval(a, b))
        // Resampled means stay within each sample's range: 0.70 − 0.65 … 0.74 − 0.60.
        #expect(interval.lower >= 0.05 - 1e-12 && interval.upper <= 0.14 + 1e-12)
        #expect(interval.contains(0.10))  // the observed difference
        #expect(interval.lower < interval.upper)
        #expect(BootstrapInterval(a, b) == interval)
        #expect(BootstrapInterval([], b) == nil)
    }
}

@Suite struct ExperimentResultTests {
    func record(_ model: ModelDefinition, seed: UInt64, accuracies: [Double]) -> RunRecord {
        .made(model, seed: seed, epochs: accuracies.map { ($0, $0, $0) })
    }

    @Test func aClearlyBetterModelIsBetterAndNoiseIsNoise() throws {
        let records =
            [0.60, 0.61, 0.62].enumerated().map { record(.cnn3, seed: UInt64($0), accuracies: [0.5, $1]) }
            + [0.70, 0.71, 0.72].enumerated().map { record(.cnn5, seed: UInt64($0), accuracies: [0.5, $1]) }
            + [0.59, 0.63, 0.61].enumerated().map { record(.cnn3Dropout, seed: UInt64($0), accuracies: [$1]) }
        let definition = ExperimentDefinition(
            name: "e", baseline: "cnn3", compared: ["cnn5", "cnn3-dropout"], seeds: 3)
        let result = ExperimentResult(definition, models: [], records: records)
        #expect(result.rows.map(\.model) == [.cnn3, .cnn5, .cnn3Dropout])
        #expect(result.comparisons.map(\.comparison.verdict) == [.better, .indistinguishable])
        #expect(abs(result.comparisons[0].comparison.difference - 0.10) < 1e-12)
        #expect(result.comparisons[0].comparison.interval?.contains(0.10) == true)
        #expect(result.comparisons[0].bootstrap == nil)  // three seeds a side are too few to resample
        // Validation curves: one summary per epoch over the seeds.
        let curve = try #require(result.row(.cnn5)?.validationCurve.map(\.mean))
        #expect(curve.count == 2 && abs(curve[0] - 0.5) < 1e-12 && abs(curve[1] - 0.71) < 1e-12)
        #expect(result.row(.cnn3Dropout)?.validationCurve.count == 1)
        #expect(result.row(.cnn5)?.epochSeconds.mean == 2)
    }

    @Test func runsStoppedEarlyMakeShorterCurvesNotGaps() {
        let curve = ExperimentResult.curve([[0.1, 0.2, 0.3], [0.2]])
        #expect(curve.map(\.values) == [[0.1, 0.2], [0.2], [0.3]])
    }

    @Test func curvesOverTimeCarryTheMeanTrainingTimeToEachEpochsEnd() throws {
        // Made-up runs train 2 s an epoch; seed 1 of cnn5 stopped after one epoch.
        let records = [
            record(.cnn3, seed: 0, accuracies: [0.5, 0.6]), record(.cnn3, seed: 1, accuracies: [0.5, 0.6]),
            record(.cnn5, seed: 0, accuracies: [0.5, 0.6, 0.7]), record(.cnn5, seed: 1, accuracies: [0.5]),
        ]
        var definition = ExperimentDefinition(name: "t", baseline: "cnn3", compared: ["cnn5"], seeds: 2)
        let overEpochs = ExperimentResult(definition, models: [], records: records)
        #expect(overEpochs.curves == nil && overEpochs.rows.allSatisfy { $0.elapsedSeconds == nil })
        definition.curves = .time
        let overTime = ExperimentResult(definition, models: [], records: records)
        #expect(overTime.curves == .time)
        #expect(overTime.row(.cnn3)?.elapsedSeconds == [2, 4])
        #expect(overTime.row(.cnn5)?.elapsedSeconds == [2, 4, 6])
        #expect(overTime.row(.cnn5)?.validationCurve.count == 3)
    }

    @Test func oneSeedCannotBeTested() {
        let records = [record(.cnn3, seed: 0, accuracies: [0.6]), record(.cnn5, seed: 0, accuracies: [0.7])]
        let result = ExperimentResult(
            ExperimentDefinition(name: "once", baseline: "cnn3", compared: ["cnn5"], seeds: 1), models: [],
            records: records)
        #expect(result.comparisons.first?.comparison.verdict == .untestable)
    }
}

@Suite struct StudyDefinitionPlanTests {
    let study = StudyDefinition(
        title: "t", question: "q", training: TrainingRecipe(epochs: 5),
        models: [.cnn3, .cnn5, .mlp, .cnn3Dropout],
        experiments: [
            ExperimentDefinition(name: "a", baseline: "cnn3", compared: ["cnn5"], seeds: 2),
            ExperimentDefinition(name: "b", baseline: "cnn3", compared: ["cnn3-dropout"], seeds: 3),
        ],
        probes: ProbeSelection(translation: ["mlp"], permutation: ["cnn5"]))

    @Test func eachModelRunsOnceOverTheMostSeedsAskedForThenProbesAndPermutedRuns() {
        let plan = study.plan(threads: 1)
        let runs = plan.map { "\($0.model)\($0.isPermuted ? "~" : "")-\($0.seed)" }
        #expect(
            runs == [
                "cnn3-0", "cnn3-1", "cnn3-2", "cnn5-0", "cnn5-1", "cnn3-dropout-0", "cnn3-dropout-1",
                "cnn3-dropout-2", "mlp-0", "cnn5~-0", "cnn5~-1",
            ])
        #expect(plan.allSatisfy { $0.epochs == 5 && $0.validationCount == 5000 && $0.trainingLimit == nil })
    }

    @Test func quickTrimsDataEpochsAndSeeds() {
        let plan = study.plan(quick: true, threads: 1)
        #expect(plan.filter { $0.model == .cnn3 }.map(\.seed) == [0, 1])
        #expect(plan.allSatisfy { $0.epochs == 2 && $0.trainingLimit == 3000 && $0.testLimit == 1000 })
        #expect(plan.allSatisfy { $0.validationCount == 300 })
    }

    @Test func aModelsOwnTrainingOverridesTheStudys() {
        var study = self.study
        var augmented = ModelDefinition.cnn5
        augmented.training = TrainingRecipe(epochs: 7, augmentation: Augmentation())
        study.models[1] = augmented
        let plan = study.plan(threads: 1)
        #expect(plan.filter { $0.model == .cnn5 }.allSatisfy { $0.epochs == 7 && $0.augmentation != nil })
        #expect(plan.filter { $0.model == .cnn3 }.allSatisfy { $0.epochs == 5 && $0.augmentation == nil })
    }

    /// A user's model is keyed by its layers: another model under a lab model's name gets its own key.
    @Test func aRedefinedLabModelGetsItsOwnCacheKey() throws {
        var wide = ModelDefinition.cnn3
        wide.architecture = ModelDefinition.cnn3ThreeBlocks.architecture
        let cache = RunCache(root: URL(fileURLWithPath: "/x"), dataFingerprint: "d")
        let lab = TrainingConfiguration(model: .cnn3)
        let mine = TrainingConfiguration(model: wide)
        #expect(cache.key(for: lab) != cache.key(for: mine))
        #expect(cache.key(for: mine).hasPrefix("cnn3-s0-"))
        let json = String(decoding: try JSONEncoder().encode(lab), as: UTF8.self)
        #expect(!json.contains("architecture"))
        let decoded = try JSONDecoder().decode(TrainingConfiguration.self, from: JSONEncoder().encode(mine))
        #expect(decoded == mine)
    }
}
