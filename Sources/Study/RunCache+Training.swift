import CIFAR
import Foundation
import NeuralNet

extension RunCache {
    /// What a caller hears while a run is found or trained.
    public struct Observer {
        public var log: (String) -> Void = { _ in }
        public var progress: (TrainingProgress) -> Void = { _ in }
        public var epoch: (EpochMetrics) -> Void = { _ in }
        public init() {}
    }

    /// The finished run of `configuration`: from the cache when it holds it whole, else trained on
    /// `data` now (resuming an interrupted run where it stopped), stored, and returned. A corrupt
    /// entry or resume point is reported and replaced, never used.
    public func run(
        _ configuration: TrainingConfiguration, data: CIFAR10, engine: EngineOptions, observer: Observer
    ) throws -> (entry: Entry, reused: Bool) {
        let name =
            "\(configuration.model.rawValue)\(configuration.isPermuted ? " (permuted pixels)" : "") seed \(configuration.seed)"
        do {
            if let entry = try entry(for: configuration) {
                observer.log("\(name) — reused from the cache (\(key(for: configuration)))")
                return (entry, true)
            }
        } catch let corrupt as Corrupt {
            observer.log("\(corrupt.description); training it again")
            remove(configuration)
        }
        var resume: Trainer.ResumePoint?
        do { resume = try resumePoint(for: configuration) } catch let corrupt as Corrupt {
            observer.log("\(corrupt.description); starting \(name) from the beginning")
            removeResumePoint(for: configuration)
        }
        if let resume {
            observer.log("resuming \(name) after epoch \(resume.epochs.count) of \(configuration.epochs)")
        } else {
            observer.log("training \(name), \(configuration.epochs) epochs")
        }
        let (run, model) = try Trainer(configuration: configuration, data: data, engine: engine).run(
            resume: resume, onProgress: observer.progress, onEpoch: observer.epoch,
            onCheckpoint: { try storeResumePoint($0, for: configuration) })
        let predictions = TestPredictions(Evaluation.run(model, on: configuration.testImages(of: data)))
        let entry = try store(run, predictions: predictions, model: model, classNames: data.classNames)
        removeResumePoint(for: configuration)
        return (entry, false)
    }
}
