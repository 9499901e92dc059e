import Foundation
import NeuralNet
import Study
import Testing

@testable import StudyFile

/// studies/lab.yaml is the lab's study: the same models and the same runs, so the same cache keys
/// as the study that lived in Swift, and the committed report's cache stays valid.
@Suite struct LabStudyFileTests {
    static let studies = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../studies").standardized
    static let lab = studies.appendingPathComponent("lab.yaml")

    @Test func itsModelsAreTheBuiltInOnes() throws {
        let study = try StudyFile.load(Self.lab, builtIn: ModelDefinition.builtIn).definition
        #expect(study.models.count == 7)
        for model in study.models {
            let builtIn = try #require(model.model.builtIn, "\(model.name) is not built in")
            #expect(model.architecture == builtIn.architecture, "\(model.name)")
            #expect(model.title == builtIn.title && model.label == builtIn.label, "\(model.name)")
        }
        #expect(study.featuredModels == ["mlp", "cnn3", "cnn5"])
        #expect(study.report.parts == ReportSelection.Part.allCases)
        #expect(study.claims.count == 4)
    }

    /// The committed lab report's runs are the lab file's plan: the same cache keys, so its run
    /// cache stays valid (the keys hold the data's checksums, here the official files').
    @Test func itPlansTheCommittedReportsRuns() throws {
        let study = try StudyFile.load(Self.lab, builtIn: ModelDefinition.builtIn).definition
        let committed = try JSONFile.read(
            StudyResults.self, from: Self.studies.appendingPathComponent("../report/results.json"))
        let cache = RunCache(
            root: URL(fileURLWithPath: "/nowhere"), dataFingerprint: RunCache.fingerprint(committed.data.md5))
        let threads = committed.runs.first?.run.configuration.computeThreads
        #expect(committed.runs.allSatisfy { $0.run.configuration.computeThreads == threads })
        #expect(study.plan(threads: threads).map(cache.key(for:)) == committed.runs.map(\.key))
    }

    @Test func itsPlanHoldsEachModelOverItsSeedsThenThePermutedRuns() throws {
        let plan = try StudyFile.load(Self.lab, builtIn: ModelDefinition.builtIn).definition.plan(threads: 2)
        #expect(plan.count == 27 && plan.allSatisfy { $0.computeThreads == 2 })
        #expect(plan.prefix(9).map(\.model) == [.mlp, .mlp, .mlp, .cnn3, .cnn3, .cnn3, .cnn5, .cnn5, .cnn5])
        for m in ["cnn3-valid", "cnn3-stride2", "cnn3-1block", "cnn3-3blocks"].map(StudyModel.init(rawValue:)) {
            #expect(plan.filter { $0.model == m }.map(\.seed) == [0, 1, 2])
        }
        let permuted = plan.filter(\.isPermuted)
        #expect(permuted.map(\.model) == [.mlp, .mlp, .mlp, .cnn3, .cnn3, .cnn3])
        #expect(permuted.allSatisfy { $0.pixelPermutationSeed == ProbeSelection.pixelPermutationSeed })
        let quick = try StudyFile.load(Self.lab, builtIn: ModelDefinition.builtIn).definition.plan(
            quick: true, threads: 2)
        #expect(quick.count == 18 && quick.allSatisfy { $0.epochs == QuickStudy.epochs && $0.seed < 2 })
    }
}

/// studies/next-steps.yaml: the lab's CNN against its regularised versions, each change alone.
@Suite struct NextStepsStudyFileTests {
    @Test func eachRemedyChangesOneThing() throws {
        let file = LabStudyFileTests.studies.appendingPathComponent("next-steps.yaml")
        let study = try StudyFile.load(file, builtIn: ModelDefinition.builtIn).definition
        let cnn3 = ModelDefinition.cnn3.architecture.layers
        #expect(study.model(named: "cnn3-dropout")?.architecture == ModelDefinition.cnn3Dropout.architecture)
        #expect(study.model(named: "cnn3-bn")?.architecture.layers == ModelDefinition.cnn3BatchNorm.architecture.layers)
        for name in ["cnn3-augmented", "cnn3-early-stopping"] {
            #expect(study.model(named: name)?.architecture.layers == cnn3, "\(name)")
        }
        #expect(study.model(named: "cnn3-augmented")?.training?.augmentation == Augmentation())
        #expect(study.model(named: "cnn3-early-stopping")?.training?.earlyStopping == EarlyStopping(patience: 3))
        #expect(study.model(named: "cnn3-bn")?.training == nil)
        let plan = study.plan(threads: 2)
        #expect(plan.count == 6 * 3 && plan.allSatisfy { $0.epochs == 30 })
        #expect(
            plan.filter { $0.augmentation != nil }.map(\.model.rawValue) == Array(repeating: "cnn3-augmented", count: 3)
                + Array(repeating: "cnn3-all", count: 3))
    }
}

/// studies/speedrun.yaml: airbench94's recipe as its source writes it, reaching each run's configuration.
@Suite struct SpeedrunStudyFileTests {
    @Test func theRecipeIsAirbenchsAndOnlyTheAblationDropsTheWhitening() throws {
        let file = LabStudyFileTests.studies.appendingPathComponent("speedrun.yaml")
        let study = try StudyFile.load(file, builtIn: ModelDefinition.builtIn).definition
        let plan = study.plan(threads: 2)
        #expect(plan.count == 9)
        let speedrun = try #require(plan.first { $0.model.rawValue == "speedrun" })
        #expect(speedrun.architecture.layers == Architecture.airbench.layers)
        #expect((speedrun.epochs, speedrun.fractionalEpochs, speedrun.batchSize) == (10, 9.9, 1024))
        #expect(speedrun.sgd == .airbench && speedrun.schedule == .airbench && speedrun.labelSmoothing == 0.2)
        #expect(speedrun.lookahead == LookaheadSchedule() && speedrun.whitening == WhiteningInitialisation())
        #expect(speedrun.dropsLastBatch == true && speedrun.testTimeAugmentation == .mirrorAndTranslate)
        #expect(speedrun.initialisation == .airbench)
        #expect(
            speedrun.augmentation == Augmentation(cropPadding: 2, flips: true, reflects: true, alternatesFlips: true))
        #expect(speedrun.stepLimit(batchesPerEpoch: 45_000 / 1024) == 426)
        let ablation = try #require(plan.first { $0.model.rawValue == "speedrun-unwhitened" })
        var withoutWhitening = speedrun
        withoutWhitening.whitening = nil
        (withoutWhitening.model, withoutWhitening.seed) = (ablation.model, ablation.seed)
        withoutWhitening.architecture.name = ablation.architecture.name
        #expect(ablation == withoutWhitening)
        let cnn3 = try #require(plan.first { $0.model == .cnn3 })
        #expect(cnn3.sgd == nil && cnn3.lookahead == nil && cnn3.whitening == nil && cnn3.epochs == 10)
    }
}
