import CIFAR
import Foundation
import NeuralNet
import Testing

@testable import Study

/// Augmentation, learning-rate schedules, AdamW and early stopping.
@Suite struct TrainingOptionsTests {
    let data = TrainerTests().data

    /// Runs without the new options keep the cache keys they had: the committed study's
    /// deployed run (cnn3, seed 1, on the official files) still has the key its report names.
    @Test func plainRunsKeepTheirCacheKeys() {
        let cache = RunCache(
            root: URL(fileURLWithPath: "/x"), dataFingerprint: RunCache.fingerprint(Checksums.fileMD5s))
        let plain = TrainingConfiguration(model: .cnn3, epochs: 10, batchSize: 64, seed: 1)
        #expect(cache.key(for: plain) == "cnn3-s1-94834f6fa307")
        var augmented = plain
        augmented.augmentation = Augmentation()
        var decayed = plain
        decayed.optimizer.weightDecay = 1e-4
        var threaded = plain
        threaded.computeThreads = 2
        var oneThread = plain
        oneThread.computeThreads = 1
        #expect(Set([plain, augmented, decayed, threaded, oneThread].map(cache.key)).count == 5)
    }

    @Test func augmentationDrawsEachPlacementFromItsHash() {
        let a = Augmentation()
        let placements = (0..<2000).map { a.placement(seed: 7, epoch: 3, index: $0) }
        #expect(placements == (0..<2000).map { a.placement(seed: 7, epoch: 3, index: $0) })
        #expect(placements != (0..<2000).map { a.placement(seed: 7, epoch: 4, index: $0) })
        #expect(Set(placements.map(\.dy)) == Set(-4...4) && Set(placements.map(\.dx)) == Set(-4...4))
        let flipped = placements.filter(\.flip).count
        #expect(abs(Double(flipped) / 2000 - 0.5) < 0.05)
        #expect(Augmentation(cropPadding: 0, flips: false).placement(seed: 1, epoch: 1, index: 1) == .identity)
    }

    /// airbench's augmentation: shifts of −2…2 into the reflected image, and one coin per image
    /// for the run, all images mirrored every second epoch; its JSON leaves the new fields out
    /// when they are off, so the keys of earlier augmented runs stay.
    @Test func alternatingFlipsMirrorEachImageEverySecondEpoch() throws {
        let a = Augmentation(cropPadding: 2, reflects: true, alternatesFlips: true)
        let first = (0..<2000).map { a.placement(seed: 7, epoch: 1, index: $0) }
        #expect(first.allSatisfy(\.reflects) && Set(first.map(\.dy)) == Set(-2...2))
        #expect(abs(Double(first.filter(\.flip).count) / 2000 - 0.5) < 0.05)
        for epoch in 2...4 {
            let flips = (0..<2000).map { a.placement(seed: 7, epoch: epoch, index: $0).flip }
            #expect(flips == first.map { epoch.isMultiple(of: 2) ? !$0.flip : $0.flip }, "epoch \(epoch)")
        }
        let json = String(decoding: try JSONEncoder().encode(Augmentation()), as: UTF8.self)
        #expect(!json.contains("reflects") && !json.contains("alternatesFlips"))
    }

    @Test func schedulesGiveTheRateOfEachStep() throws {
        let cosine = LearningRateSchedule.cosine(warmupEpochs: 1)
        // 10 steps per epoch, 3 epochs: warm-up over steps 0…9, then half a cosine over 20 steps.
        #expect(abs(cosine.rate(base: 1, step: 0, stepsPerEpoch: 10, epochs: 3) - 0.1) < 1e-12)
        #expect(abs(cosine.rate(base: 1, step: 9, stepsPerEpoch: 10, epochs: 3) - 1) < 1e-12)
        #expect(abs(cosine.rate(base: 1, step: 10, stepsPerEpoch: 10, epochs: 3) - 1) < 1e-12)
        #expect(abs(cosine.rate(base: 1, step: 20, stepsPerEpoch: 10, epochs: 3) - 0.5) < 1e-12)
        let step = LearningRateSchedule.step(every: 2, factor: 0.1)
        #expect(step.rate(base: 1, step: 19, stepsPerEpoch: 10, epochs: 6) == 1)
        #expect(abs(step.rate(base: 1, step: 40, stepsPerEpoch: 10, epochs: 6) - 0.01) < 1e-15)
        #expect(throws: StudyError.self) { try LearningRateSchedule.cosine(warmupEpochs: 3).validate(epochs: 3) }
    }

    @Test func adamWDecaysTheWeightsApartFromTheGradient() {
        var g = SeededGenerator(seed: 1)
        let layer = Dense<Double>(inputFeatures: 2, outputFeatures: 2, generator: &g)
        let before = layer.weight.value.values
        let adam = Adam(parameters: layer.parameters, configuration: .init(learningRate: 0.1, weightDecay: 0.5))
        adam.update()  // zero gradients: only the decay moves θ, by the factor 1 − α·λ
        #expect(zip(layer.weight.value.values, before).allSatisfy { abs($0 - 0.95 * $1) < 1e-15 })
    }

    @Test func earlyStoppingKeepsTheBestEpochsWeights() throws {
        var configuration = TrainingConfiguration(
            model: .mlp, epochs: 8, batchSize: 50, seed: 5, learningRateOverride: 0.02)
        configuration.earlyStopping = EarlyStopping(patience: 1)
        let trainer = Trainer(configuration: configuration, data: data)
        let (run, model) = try trainer.run()
        let kept = try #require(run.keptEpoch)
        let best = run.epochs.max { $0.validationAccuracy < $1.validationAccuracy }!
        #expect(kept == best.epoch)
        #expect(
            run.epochs.count == 8 || run.epochs.count == kept + 1,
            "stopped one epoch without improvement after the best")
        #expect(Evaluation.run(model, on: trainer.validation).accuracy == best.validationAccuracy)
        #expect(run.final == best)
        // The run cache reads a run that stopped early back as finished, not as damaged.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-stop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = RunCache(root: root, dataFingerprint: "synthetic")
        let predictions = TestPredictions(Evaluation.run(model, on: trainer.test))
        _ = try cache.store(run, predictions: predictions, model: model, classNames: [])
        #expect(try cache.entry(for: configuration)?.run == run)
    }

    /// With augmentation and a cosine schedule, a run resumed after its first epoch is still the
    /// uninterrupted run, number for number.
    @Test func resumingWithAugmentationAndAScheduleGivesTheUninterruptedRun() throws {
        var configuration = TrainingConfiguration(
            model: .cnn3, epochs: 3, batchSize: 50, seed: 4, validationCount: 30, trainingLimit: 300)
        configuration.augmentation = Augmentation()
        configuration.schedule = .cosine(warmupEpochs: 1)
        let straight = try Trainer(configuration: configuration, data: data).run()
        var saved: [Trainer.ResumePoint] = []
        _ = try Trainer(configuration: configuration, data: data).run(onCheckpoint: { saved.append($0) })
        let resumed = try Trainer(configuration: configuration, data: data).run(resume: saved[0])
        let losses = { (r: TrainingRun) in r.epochs.map { [$0.trainingLoss, $0.validationLoss, $0.testAccuracy] } }
        #expect(losses(resumed.run) == losses(straight.run))
        #expect(resumed.model.parameters[0].value.values == straight.model.parameters[0].value.values)
        // Augmentation changed what the network saw.
        configuration.augmentation = nil
        let plain = try Trainer(configuration: configuration, data: data).run()
        #expect(losses(plain.run) != losses(straight.run))
    }

    @Test func regularisedModelsTrainAndBatchNormRefusesABatchOfOne() throws {
        for model in [ModelDefinition.cnn3BatchNorm, .cnn3Dropout] {
            let (run, _) = try Trainer(
                configuration: .init(model: model, epochs: 2, batchSize: 32, seed: 3, validationCount: 70), data: data
            ).run()
            #expect(run.epochs.last!.testAccuracy > 0.3, "\(model.name): \(run.epochs.last!.testAccuracy)")
        }
        let one = Trainer(
            configuration: .init(model: .cnn3BatchNorm, epochs: 1, batchSize: 1, seed: 3, validationCount: 70),
            data: data)
        #expect { try one.run() } throws: { "\($0)".contains("batch normalisation on a batch of one image") }
        // 630 training images in batches of 629 leave one image alone.
        let leftover = Trainer(
            configuration: .init(model: .cnn3BatchNorm, epochs: 1, batchSize: 629, seed: 3, validationCount: 70),
            data: data)
        #expect { try leftover.run() } throws: { "\($0)".contains("choose another batch size") }
    }
}

extension TrainingConfiguration {
    init(model: ModelDefinition, epochs: Int, batchSize: Int, seed: UInt64, learningRateOverride: Double) {
        self.init(
            model: model, epochs: epochs, batchSize: batchSize, seed: seed,
            optimizer: .init(learningRate: learningRateOverride), validationCount: 70)
    }
}
