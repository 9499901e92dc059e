import CIFAR
import Foundation
import NeuralNet
import Testing

@testable import Study

/// airbench's recipe in the Trainer: its hyperparameters in the engine's terms (values worked out
/// once in Python from airbench94.py's formulas), its schedule, the steps a fractional run takes,
/// the frozen whitening layer, and an exact resume.
@Suite struct SpeedrunTrainingTests {
    let data = TrainerTests().data

    /// airbench's SGD groups at batch 1,024, for a mean loss: PyTorch's rate × 1,024 and its decay / 1,024.
    @Test func sgdGroupsAreAirbenchsInTheEnginesTerms() {
        let (norms, others) = SGDTraining.airbench.groups(batch: 1024)
        #expect(abs(others.learningRate - 1.5000000000000002) < 1e-12)
        #expect(abs(others.weightDecay - 0.0013304347826086954) < 1e-15)
        #expect(abs(norms.learningRate - 96.00000000000001) < 1e-10)
        #expect(abs(norms.weightDecay - 2.0788043478260866e-05) < 1e-17)
        // The decay per step, rate × decay, is the same for both groups: decoupled from the rate.
        #expect(abs(norms.learningRate * norms.weightDecay - others.learningRate * others.weightDecay) < 1e-15)
    }

    @Test func linearScheduleAndLookaheadDecayAreAirbenchs() {
        func factor(_ step: Int) -> Double {
            LearningRateSchedule.airbench.rate(base: 1, step: step, stepsPerEpoch: 48, epochs: 10, totalSteps: 476)
        }
        #expect(factor(0) == 0.2 && factor(109) == 1)
        #expect(abs(factor(54) - 0.5963302752293578) < 1e-15)
        #expect(abs(factor(475) - 0.07253405994550413) < 1e-15)
        #expect(abs(LookaheadSchedule().decayAfter(step: 100, of: 476) - 0.007174591328436959) < 1e-15)
        #expect(abs(LookaheadSchedule().decayAfter(step: 476, of: 476) - 0.7737809374999998) < 1e-15)
    }

    /// A small network of airbench's shape, on the synthetic images.
    static let model = ModelDefinition(
        name: "mini-airbench",
        architecture: Architecture(
            name: "mini-airbench", inputShape: [32, 32, 3],
            layers: [
                .cifar10Normalization, .conv2d(filters: 24, kernelSize: 2, padding: .valid), .gelu,
                .conv2d(filters: 8, kernelSize: 3, padding: .same, bias: false), .maxPool2d(size: 2),
                .batchNorm(BatchNormSettings(momentum: 0.4, epsilon: 1e-12, scales: false)), .gelu,
                .maxPool2d(size: 3), .flatten, .dense(units: 10, bias: false), .scale(factor: 1.0 / 9),
            ]),
        title: "mini airbench", label: "mini")

    func recipe() -> TrainingConfiguration {
        var c = TrainingConfiguration(
            model: Self.model, epochs: 3, batchSize: 64, seed: 2, validationCount: 100, trainingLimit: 700)
        c.sgd = .airbench
        c.schedule = .airbench
        c.labelSmoothing = 0.2
        c.lookahead = LookaheadSchedule()
        c.fractionalEpochs = 2.5
        c.dropsLastBatch = true
        c.whitening = WhiteningInitialisation(images: 200, biasEpochs: 1)
        c.augmentation = Augmentation(cropPadding: 2, flips: true, reflects: true, alternatesFlips: true)
        c.initialisation = .airbench
        return c
    }

    /// 600 images in whole batches of 64 make 9 a pass; 2.5 epochs stop after ⌈22.5⌉ = 23 steps,
    /// 5 into the third pass. The whitening filters stay as the data set them; its bias trains in
    /// epoch 1 only (Lookahead left out: its resets move a frozen tensor too, as airbench's do);
    /// the net learns the synthetic task; the final accuracy, the end point's, is the test-time
    /// augmented one.
    @Test func aFractionalRunWithAFrozenWhiteningLayer() throws {
        var saved: [Trainer.ResumePoint] = []
        var c = recipe()
        c.lookahead = nil
        c.testTimeAugmentation = .mirrorAndTranslate
        let (run, model) = try Trainer(configuration: c, data: data).run(onCheckpoint: { saved.append($0) })
        let augmented = Evaluation.run(model, on: data.test, augmentation: .mirrorAndTranslate).accuracy
        #expect(run.augmentedTestAccuracy == augmented && EndPoint.final.accuracy(of: run) == augmented)
        #expect(run.epochs.count == 3 && run.trainingCount == 600)
        #expect(run.epochs.map(\.trainingSeconds).allSatisfy { $0 > 0 })
        #expect(saved.last?.sgd?.step == 18 && run.epochs.last.map { $0.imagesPerSecond > 0 } == true)
        let conv = try #require(model.layers[1] as? Conv2D<Float>)
        var pixels: [Float] = []
        var labels: [Int] = []
        Batcher(images: data.training, batchSize: 200).fill(Array(0..<200)[...], pixels: &pixels, labels: &labels)
        guard case .normalize(let mean, let std) = LayerSpec.cifar10Normalization else { return }
        pixels = pixels.enumerated().map { i, x in (x - Float(mean[i % 3])) / Float(std[i % 3]) }
        let whitening = pixels.withUnsafeBufferPointer {
            Whitening(patchesOf: $0, count: 200, height: 32, width: 32, channels: 3, size: 2)
        }
        #expect(conv.weight.value.values == whitening.kernel)
        let afterFirst: Sequential<Float> = try Checkpoint.decode(
            saved[0].weights, source: "epoch 1", expecting: Self.model.architecture
        ).model
        let firstBias = try #require(afterFirst.layers[1] as? Conv2D<Float>).bias.value.values
        #expect(firstBias.contains { $0 != 0 }, "the bias trains in its first epoch")
        #expect(conv.bias.value.values == firstBias, "and is frozen after it")
        #expect(run.final.map { $0.testAccuracy > 0.3 } == true, "\(run.epochs.map(\.testAccuracy))")
    }

    @Test func resumingTheRecipeGivesTheUninterruptedRun() throws {
        let straight = try Trainer(configuration: recipe(), data: data).run()
        var saved: [Trainer.ResumePoint] = []
        _ = try Trainer(configuration: recipe(), data: data).run(onCheckpoint: { saved.append($0) })
        let resumed = try Trainer(configuration: recipe(), data: data).run(resume: saved[1])
        let numbers = { (r: TrainingRun) in r.epochs.map { [$0.trainingLoss, $0.validationLoss, $0.testAccuracy] } }
        #expect(numbers(resumed.run) == numbers(straight.run))
        #expect(resumed.model.parameters.map(\.value.values) == straight.model.parameters.map(\.value.values))
    }

    @Test func recipeSettingsThatCannotRunAreRefused() {
        var noWhiteningConv = recipe()
        noWhiteningConv.model = ModelDefinition.cnn3.model
        noWhiteningConv.architecture = ModelDefinition.cnn3.architecture
        var wrongPasses = recipe()
        wrongPasses.fractionalEpochs = 3.5
        var smallData = recipe()
        smallData.batchSize = 1000
        for (c, says) in [
            (noWhiteningConv, "valid padding"), (wrongPasses, "makes 4 passes, not 3"), (smallData, "no whole batch"),
        ] {
            #expect(throws: StudyError.self) { try Trainer(configuration: c, data: data).run() }
            do { _ = try Trainer(configuration: c, data: data).run() } catch {
                #expect("\(error)".contains(says), "\(error)")
            }
        }
    }

    /// PyTorch's uniform(±1/√fan_in) weights, and in each conv the first min(F, C) filters the
    /// identity: filter i has a single 1, at its centre tap of channel i.
    @Test func airbenchInitialisationIsPyTorchsWithIdentityFilters() throws {
        let model = try Sequential<Float>(Self.model.architecture, seed: 1)
        WeightInitialisation.airbench.apply(to: model, seed: 1)
        let conv = try #require(model.layers.compactMap { $0 as? Conv2D<Float> }.last)  // 24 → 8, 3×3
        let w = conv.weight.value.values
        for f in 0..<8 {
            let filter = Array(w[(f * 9 * 24)..<((f + 1) * 9 * 24)])
            #expect(filter.filter { $0 != 0 } == [1] && filter[(4 * 24) + f] == 1, "filter \(f)")
        }
        let dense = try #require(model.layers.compactMap { $0 as? Dense<Float> }.first)
        let bound = 1 / Float(dense.inputShape[0]).squareRoot()
        #expect(dense.weight.value.values.allSatisfy { abs($0) <= bound })
        #expect(dense.weight.value.values.map(abs).max()! > 0.9 * bound)
        let again = try Sequential<Float>(Self.model.architecture, seed: 1)
        WeightInitialisation.airbench.apply(to: again, seed: 1)
        #expect(again.parameters.map(\.value.values) == model.parameters.map(\.value.values))
    }

    /// The recipe's pieces are left out of the JSON when unused: no lab run's key moves.
    @Test func plainConfigurationsEncodeWithoutThem() throws {
        let plain = TrainingConfiguration(model: .cnn3, epochs: 10, batchSize: 64, seed: 1)
        let json = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        for key in [
            "sgd", "labelSmoothing", "lookahead", "fractionalEpochs", "dropsLastBatch", "whitening",
            "testTimeAugmentation", "initialisation",
        ] {
            #expect(!json.contains(key))
        }
        let speedrun = recipe()
        let read = try JSONDecoder().decode(TrainingConfiguration.self, from: try JSONEncoder().encode(speedrun))
        #expect(read == speedrun)
        #expect(!String(decoding: try JSONEncoder().encode(speedrun), as: UTF8.self).contains("beta1"))
    }
}
