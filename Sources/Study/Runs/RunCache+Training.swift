import CIFAR
import Foundation
import NeuralNet

extension RunCache {
    /// What a caller hears while a run is found or trained.
    package struct Observer {
        package var log: (String) -> Void = { _ in }
        package var progress: (TrainingProgress) -> Void = { _ in }
        package var epoch: (EpochMetrics) -> Void = { _ in }
        package init() {}
    }

    /// The finished run of `configuration`: from the cache when it holds it whole, else trained on
    /// `data` now (resuming an interrupted run where it stopped), stored, and returned. While
    /// another process trains it, this waits for it and then reads its result. A corrupt entry or
    /// resume point is reported and replaced, never used.
    package func run(
        _ configuration: TrainingConfiguration, data: CIFAR10, engine: EngineOptions, observer: Observer
    ) throws -> (entry: Entry, reused: Bool) {
        if let found = try finished(configuration, observer: observer) { return (found, true) }
        let lock = try RunLock.acquire(lockFile(for: configuration)) { holder in
            observer.log("\(name(of: configuration)) is being trained by \(holder); waiting for it")
        }
        return try train(configuration, holding: lock, data: data, engine: engine, observer: observer)
    }

    /// As `run`, but nil at once when another process is training it.
    package func runUnlessTaken(
        _ configuration: TrainingConfiguration, data: CIFAR10, engine: EngineOptions, observer: Observer
    ) throws -> (entry: Entry, reused: Bool)? {
        if let found = try finished(configuration, observer: observer) { return (found, true) }
        guard let lock = try RunLock.tryAcquire(lockFile(for: configuration)) else { return nil }
        return try train(configuration, holding: lock, data: data, engine: engine, observer: observer)
    }

    /// The entry when the cache holds it whole; a corrupt one is reported and removed.
    private func finished(_ configuration: TrainingConfiguration, observer: Observer) throws -> Entry? {
        do {
            if let entry = try entry(for: configuration) {
                observer.log("\(name(of: configuration)) — reused from the cache (\(key(for: configuration)))")
                return entry
            }
        } catch let corrupt as Corrupt {
            // Only the lock's holder may remove it: a writer may be renaming a new entry into place.
            let lock = try RunLock.acquire(lockFile(for: configuration))
            defer { lock.release() }
            if (try? entry(for: configuration)) == nil {
                observer.log("\(corrupt.description); training it again")
                remove(configuration)
            }
        }
        return nil
    }

    private func train(
        _ configuration: TrainingConfiguration, holding lock: RunLock, data: CIFAR10, engine: EngineOptions,
        observer: Observer
    ) throws -> (entry: Entry, reused: Bool) {
        defer { lock.release() }
        // Another process may have finished it while this one waited for the lock.
        if let entry = try? entry(for: configuration) { return (entry, true) }
        let name = name(of: configuration)
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
        do {
            let (run, model) = try Trainer(configuration: configuration, data: data, engine: engine).run(
                resume: resume, onProgress: observer.progress, onEpoch: observer.epoch,
                onCheckpoint: { try storeResumePoint($0, for: configuration) })
            let predictions = TestPredictions(
                Evaluation.run(model, on: configuration.testImages(of: data), pixelSource: configuration.pixelSource))
            let entry = try store(run, predictions: predictions, model: model, classNames: data.classNames)
            removeResumePoint(for: configuration)
            clearFailure(of: configuration)
            return (entry, false)
        } catch {
            recordFailure(of: configuration, "\(error)")
            throw error
        }
    }

    /// "cnn3 seed 1", "mlp (permuted pixels) seed 0": a run as the logs name it.
    package func name(of configuration: TrainingConfiguration) -> String {
        let permuted = configuration.isPermuted ? " (permuted pixels)" : ""
        return "\(configuration.model.rawValue)\(permuted) seed \(configuration.seed)"
    }
}
