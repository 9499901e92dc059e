import CIFAR
import ConvLabTestSupport
import Foundation
import NeuralNet
import Study
import Testing

@Suite struct StudyModelTests {
    @Test func parameterTotalsEqualKeras() throws {
        #expect(try ModelDefinition.mlp.architecture.parameterCount() == 820_874)
        #expect(try ModelDefinition.cnn3.architecture.parameterCount() == 545_098)
        #expect(try ModelDefinition.cnn5.architecture.parameterCount() == 579_402)
        // The MLP's first layer: 32·32·3 inputs × 256 units + 256 biases.
        #expect(try ModelDefinition.mlp.architecture.summary()[1].parameters == 786_688)
    }
}

@Suite struct TrainerTests {
    /// A learnable stand-in for CIFAR-10: class k is a bright 8×8 square at one of ten positions
    /// on a noisy background.
    let data = CIFAR10(
        directory: URL(fileURLWithPath: "/synthetic"), classNames: cifarClassNames,
        training: SyntheticCIFAR.images(count: 700, file: 0, pattern: .squarePerClass),
        test: SyntheticCIFAR.images(count: 200, file: 5, pattern: .squarePerClass))

    @Test(arguments: [ModelDefinition.mlp, .cnn3])
    func learnsASyntheticTaskWellAboveChance(model: ModelDefinition) throws {
        let epochs = model == .mlp ? 4 : 2
        var seen: [Int] = []
        let (run, trained) = try Trainer(
            configuration: .init(model: model, epochs: epochs, batchSize: 32, seed: 3, validationCount: 70), data: data
        )
        .run(onEpoch: { seen.append($0.epoch) })
        #expect(seen == Array(1...epochs))
        #expect(run.trainingCount == 630 && run.validationCount == 70 && run.testCount == 200)
        #expect(run.epochs.last!.testAccuracy > 0.5, "test accuracy \(run.epochs.last!.testAccuracy)")
        #expect(run.epochs.last!.trainingLoss < run.epochs.first!.trainingLoss)
        #expect(run.parameterCount == trained.parameterCount)
        // The run records how its convolutions were computed.
        #expect(run.convolutions == trained.convolutionEngine)
        #expect((run.convolutions != nil) == (model != .mlp))
    }

    @Test func sameSeedReplaysTheRunExactly() throws {
        let configuration = TrainingConfiguration(model: .mlp, epochs: 2, batchSize: 50, seed: 8, validationCount: 70)
        let a = try Trainer(configuration: configuration, data: data).run().run
        let b = try Trainer(configuration: configuration, data: data).run().run
        var other = configuration
        other.seed = 9
        let c = try Trainer(configuration: other, data: data).run().run
        let metrics = { (r: TrainingRun) in r.epochs.map { [$0.trainingLoss, $0.validationLoss, $0.testLoss] } }
        #expect(metrics(a) == metrics(b))
        #expect(metrics(a) != metrics(c))
    }

    /// An interrupted run resumed from its last checkpoint (saved and read back as JSON, as the
    /// cache does) is the uninterrupted run, number for number.
    @Test func resumingAfterAnEpochGivesTheUninterruptedRun() throws {
        let configuration = TrainingConfiguration(
            model: .cnn3, epochs: 3, batchSize: 50, seed: 4, validationCount: 30, trainingLimit: 300)
        let straight = try Trainer(configuration: configuration, data: data).run()
        var saved: [Trainer.ResumePoint] = []
        _ = try Trainer(configuration: configuration, data: data).run(onCheckpoint: { saved.append($0) })
        #expect(saved.map(\.epochs.count) == [1, 2])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try JSONFile.write(saved[0], to: url)
        let resumed = try Trainer(configuration: configuration, data: data).run(
            resume: try JSONFile.read(Trainer.ResumePoint.self, from: url))
        let losses = { (r: TrainingRun) in
            r.epochs.map { [$0.trainingLoss, $0.validationLoss, $0.testLoss, $0.testAccuracy] }
        }
        #expect(losses(resumed.run) == losses(straight.run))
        #expect(resumed.model.parameters[0].value.values == straight.model.parameters[0].value.values)
    }

    @Test func runsRoundTripThroughJSON() throws {
        let run = try Trainer(
            configuration: .init(
                model: .cnn3, epochs: 1, batchSize: 64, seed: 1, validationCount: 12, trainingLimit: 128), data: data
        ).run().run
        #expect(run.convolutions != nil)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try JSONFile.write(run, to: url)
        #expect(try JSONFile.read(TrainingRun.self, from: url) == run)
        // A run stored before the engine was recorded still reads, without one.
        var old = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        old["convolutions"] = nil
        try JSONSerialization.data(withJSONObject: old).write(to: url)
        #expect(try JSONFile.read(TrainingRun.self, from: url).convolutions == nil)
    }

    /// A run trains on the images its validation count leaves and validates on exactly that
    /// many, and records both; a count that leaves none is refused, not shrunk.
    @Test func theValidationCountIsUsedAsGiven() throws {
        let configuration = TrainingConfiguration(
            model: .mlp, epochs: 1, batchSize: 50, seed: 2, validationCount: 100, trainingLimit: 600)
        let trainer = Trainer(configuration: configuration, data: data)
        #expect(trainer.training.count == 500 && trainer.validation.count == 100)
        let run = try trainer.run().run
        #expect(run.trainingCount == 500 && run.validationCount == 100 && run.configuration.validationCount == 100)
        var all = configuration
        all.validationCount = 600
        #expect { try Trainer(configuration: all, data: data).run() } throws: {
            "\($0)".contains("600 validation images leave none of the 600 to train on")
        }
    }

    /// A run computes on the OpenMP threads its configuration records (its cache key holds
    /// them), whatever the calling thread had, and gives that thread its count back.
    @Test func aRunComputesOnItsRecordedThreads() throws {
        guard let before = ComputeThreads.current else { return }  // no OpenMP: Accelerate's own threads
        var configuration = TrainingConfiguration(
            model: .cnn3, epochs: 2, batchSize: 50, seed: 2, validationCount: 50, trainingLimit: 200)
        configuration.computeThreads = before + 1
        var during: [Int?] = []
        _ = try Trainer(configuration: configuration, data: data).run(onEpoch: { _ in
            during.append(ComputeThreads.current)
        })
        #expect(during == [before + 1, before + 1])
        #expect(ComputeThreads.current == before)
    }

    @Test func rejectsZeroEpochs() {
        #expect(throws: StudyError.self) { try Trainer(configuration: .init(model: .mlp, epochs: 0), data: data).run() }
    }
}
