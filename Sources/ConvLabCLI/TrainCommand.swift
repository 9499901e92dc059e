import ArgumentParser
import Foundation
import NeuralNet
import Study

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train one model and print per-epoch loss, accuracy and speed.")

    @Option(help: "The lab's mlp, cnn3 or cnn5, one of the ablations of cnn3, or airbench94's network.")
    var model: ModelDefinition
    @Option(help: "Passes over the training images.") var epochs = 10
    @Option(help: "Images per mini-batch.") var batch = TrainingConfiguration.defaultBatchSize
    @Option(help: "Seed for the weights and the shuffles.") var seed: UInt64 = 0
    @Option(
        help: ArgumentHelp(
            "The last N training images, held out for validation (default: a tenth of them, as Keras' "
                + "validation_split=0.1).", valueName: "n"))
    var validation: Int?
    @OptionGroup var data: DataOptions
    @OptionGroup(title: "Training") var training: TrainingFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags
    @Option(help: ArgumentHelp("The run cache to train into and reuse runs from (the study's).", valueName: "dir"))
    var cache = Self.studyCache
    static let studyCache = ".convlab/runs"
    @Option(help: "Write the run (configuration, per-epoch metrics, timings) as JSON here.") var out: String?
    @Option(help: "Also save the trained weights here (ConvLab weights format).") var weights: String?

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        if let validation, validation < 0 { throw ValidationError("--validation must be at least 0") }
        if validation == 0, training.patience != nil {
            throw ValidationError(
                "--patience keeps the best epoch on validation images: --validation must be at least 1")
        }
    }

    func run() throws {
        Interruption.explainOnStop()
        engine.applyThreads()
        let loaded = try data.load()
        let dataset = loaded.data
        let configuration = training.applied(
            to: TrainingConfiguration(
                model: model, epochs: epochs, batchSize: batch, seed: seed,
                validationCount: validation ?? dataset.training.count / 10, computeThreads: engine.threadCount()))
        Console.line(try MemoryLine.text(configuration.architecture, batch: configuration.batchSize))
        let runCache = RunCache(
            root: URL(fileURLWithPath: cache), dataFingerprint: RunCache.fingerprint(loaded.provenance.md5))
        let (entry, reused) = try runCache.run(
            configuration, data: dataset, engine: engine.options, observer: observer(configuration))
        if reused { entry.run.epochs.forEach(printEpoch) }
        if let kept = entry.run.keptEpoch, kept != entry.run.epochs.last?.epoch {
            print("early stopping: kept the weights of epoch \(kept), the best on validation")
        }
        let key = runCache.key(for: configuration)
        let elsewhere = cache == Self.studyCache ? "" : " --cache \(cache)"
        print("run \(key) is in \(cache): `report export --run \(key)\(elsewhere)` packages it for predict and serve")
        if let out {
            try JSONFile.write(entry.run, to: URL(fileURLWithPath: out))
            print("wrote \(out)")
        }
        if let weights {
            try Data(contentsOf: entry.weights).write(to: URL(fileURLWithPath: weights), options: .atomic)
            print("wrote \(weights)")
        }
    }

    /// A live bar per batch and one line per epoch, under a header.
    private func observer(_ configuration: TrainingConfiguration) -> RunCache.Observer {
        let bar = ProgressLine()
        var observer = RunCache.Observer()
        observer.log = { line in
            Console.line(line)
            if line.hasPrefix("training") || line.hasPrefix("resuming") || line.contains("reused") {
                Console.line("epoch   train loss   train acc   val acc   test acc   seconds    img/s")
            }
        }
        observer.progress = bar.update
        observer.epoch = { m in
            bar.clear()
            printEpoch(m)
        }
        return observer
    }

    private func printEpoch(_ m: EpochMetrics) {
        Console.line(
            String(
                format: "%5d   %10.4f   %9.4f   %7.4f   %8.4f   %7.1f   %6.0f",
                m.epoch, m.trainingLoss, m.trainingAccuracy, m.validationAccuracy, m.testAccuracy,
                m.trainingSeconds, m.imagesPerSecond))
    }
}
