import ArgumentParser
import Foundation
import NeuralNet
import Study

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train one model and print per-epoch loss, accuracy and speed.")

    @Option(help: "The lab's mlp, cnn3 or cnn5, or one of the ablations of cnn3.") var model: StudyModel
    @Option(help: "Passes over the training images.") var epochs = 10
    @Option(help: "Images per mini-batch.") var batch = 64
    @Option(help: "Seed for the weights and the shuffles.") var seed: UInt64 = 0
    @OptionGroup var data: DataOptions
    @OptionGroup(title: "Training") var training: TrainingFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags
    @Option(help: "Write the run (configuration, per-epoch metrics, timings) as JSON here.") var out: String?
    @Option(help: "Also save the trained weights here (ConvLab weights format).") var weights: String?

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
    }

    func run() throws {
        let dataset = try data.load().data
        let configuration = training.applied(
            to: TrainingConfiguration(model: model, epochs: epochs, batchSize: batch, seed: seed))
        let trainer = Trainer(configuration: configuration, data: dataset, engine: engine.options)
        print(
            "training \(model.rawValue) on \(trainer.training.count) images (validation \(trainer.validation.count), test \(trainer.test.count)), batch \(batch), seed \(seed)"
        )
        let bar = ProgressLine()
        print("epoch   train loss   train acc   val acc   test acc   seconds    img/s")
        let (run, trained) = try trainer.run(
            onProgress: bar.update,
            onEpoch: { m in
                bar.clear()
                Console.line(
                    String(
                        format: "%5d   %10.4f   %9.4f   %7.4f   %8.4f   %7.1f   %6.0f",
                        m.epoch, m.trainingLoss, m.trainingAccuracy, m.validationAccuracy, m.testAccuracy,
                        m.trainingSeconds, m.imagesPerSecond))
            })
        if let kept = run.keptEpoch, kept != run.epochs.last?.epoch {
            print("early stopping: kept the weights of epoch \(kept), the best on validation")
        }
        if let out {
            try JSONFile.write(run, to: URL(fileURLWithPath: out))
            print("wrote \(out)")
        }
        if let weights {
            try Checkpoint.save(trained, classNames: dataset.classNames, to: URL(fileURLWithPath: weights))
            print("wrote \(weights)")
        }
    }
}
