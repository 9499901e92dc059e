import CIFAR
import Crypto
import Foundation
import NeuralNet

/// Finished training runs on disk, one folder per configuration:
///
///     <root>/<key>/run.json           the TrainingRun (configuration, seed, per-epoch metrics, timings)
///     <root>/<key>/predictions.json   TestPredictions of the final model
///     <root>/<key>/model.weights      the weights (ConvLab weights format)
///
/// The key is a SHA-256 of the configuration and the data's fingerprint, so a changed setting or
/// other data never reuses a run. Entries are written to a temporary folder and renamed into
/// place; one that fails to read back is reported and trained again, never used.
package struct RunCache: Sendable {
    package let root: URL
    package let dataFingerprint: String

    package init(root: URL, dataFingerprint: String) {
        self.root = root
        self.dataFingerprint = dataFingerprint
    }

    package struct Entry {
        package var run: TrainingRun
        package var predictions: TestPredictions
        package var weights: URL
        /// The weights as loaded while checking the entry: callers need not read them again.
        package var model: Sequential<Float>
        package var classNames: [String]
    }

    package func key(for configuration: TrainingConfiguration) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let config = (try? encoder.encode(configuration)) ?? Data()
        let digest = SHA256.hash(data: config + Data(dataFingerprint.utf8))
        let permuted = configuration.isPermuted ? "-permuted" : ""
        return "\(configuration.model.rawValue)\(permuted)-s\(configuration.seed)-"
            + digest.prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    func folder(_ key: String) -> URL { root.appendingPathComponent(key) }

    /// The data's identity in cache keys: the files' MD5s in file order.
    package static func fingerprint(_ md5: [String: String]) -> String {
        CIFAR10.binaryFiles.compactMap { md5[$0] }.joined(separator: ",")
    }

    /// The files' MD5s back from a fingerprint.
    package static func md5(fingerprint: String) -> [String: String] {
        let sums = fingerprint.split(separator: ",").map(String.init)
        guard sums.count == CIFAR10.binaryFiles.count else { return [:] }
        return Dictionary(uniqueKeysWithValues: zip(CIFAR10.binaryFiles, sums))
    }

    /// A finished run found by its key alone (as `report train` prints it), checked whole: the
    /// data it was trained on is read from its weights' metadata.
    package static func stored(key: String, in root: URL) throws -> (entry: Entry, cache: RunCache) {
        let folder = root.appendingPathComponent(key)
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw StudyError(
                "no run \(key) in the run cache \(root.path); train it with `report train` or run the study")
        }
        let run = try JSONFile.read(TrainingRun.self, from: folder.appendingPathComponent("run.json"))
        let (_, header): (Sequential<Float>, Checkpoint.Header) = try Checkpoint.load(
            from: folder.appendingPathComponent("model.weights"), expecting: run.configuration.architecture)
        guard let fingerprint = header.metadata["data"] else {
            throw StudyError(
                "run \(key) was cached before runs recorded their data; export it with the study's results (--from DIR)"
            )
        }
        let cache = RunCache(root: root, dataFingerprint: fingerprint)
        guard cache.key(for: run.configuration) == key, let entry = try cache.entry(for: run.configuration) else {
            throw Corrupt(folder: folder, reason: "its contents do not match its key")
        }
        return (entry, cache)
    }

    /// The finished entry, nil when there is none; throws `RunCache.Corrupt` when one exists but
    /// does not read back whole.
    package func entry(for configuration: TrainingConfiguration) throws -> Entry? {
        let folder = folder(key(for: configuration))
        guard FileManager.default.fileExists(atPath: folder.path) else { return nil }
        do {
            let run = try JSONFile.read(TrainingRun.self, from: folder.appendingPathComponent("run.json"))
            let predictions = try JSONFile.read(
                TestPredictions.self, from: folder.appendingPathComponent("predictions.json"))
            let weights = folder.appendingPathComponent("model.weights")
            let (model, header): (Sequential<Float>, Checkpoint.Header) = try Checkpoint.load(
                from: weights, expecting: configuration.architecture)
            guard run.configuration == configuration, run.isFinished,
                predictions.labels.count == run.testCount
            else {
                throw StudyError("its contents do not match its configuration")
            }
            return Entry(
                run: run, predictions: predictions, weights: weights, model: model, classNames: header.classNames)
        } catch {
            throw Corrupt(folder: folder, reason: "\(error)")
        }
    }

    /// The finished run's record alone (its accuracies, for planning seed rounds), nil when there
    /// is none or it does not read back; `entry(for:)` checks the whole entry before it is used.
    package func finishedRun(for configuration: TrainingConfiguration) -> TrainingRun? {
        let file = folder(key(for: configuration)).appendingPathComponent("run.json")
        guard let run = try? JSONFile.read(TrainingRun.self, from: file), run.configuration == configuration,
            run.isFinished
        else { return nil }
        return run
    }

    package struct Corrupt: Error, CustomStringConvertible {
        package let folder: URL
        package let reason: String
        package var description: String { "cache entry \(folder.path) is unreadable (\(reason))" }
    }

    package func store(
        _ run: TrainingRun, predictions: TestPredictions, model: Sequential<Float>, classNames: [String]
    ) throws -> Entry {
        let key = key(for: run.configuration)
        let final = folder(key)
        let staging = root.appendingPathComponent(".\(key)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        try JSONFile.write(run, to: staging.appendingPathComponent("run.json"))
        try JSONFile.write(predictions, to: staging.appendingPathComponent("predictions.json"))
        try Checkpoint.save(
            model, classNames: classNames,
            metadata: ["run": key, "seed": String(run.configuration.seed), "data": dataFingerprint],
            to: staging.appendingPathComponent("model.weights"))
        try? FileManager.default.removeItem(at: final)
        try FileManager.default.moveItem(at: staging, to: final)
        return Entry(
            run: run, predictions: predictions, weights: final.appendingPathComponent("model.weights"), model: model,
            classNames: classNames)
    }

    /// A value computed from a finished run (a probe of its model), kept in the run's folder as
    /// `<name>.json`: read back when present and readable, otherwise computed and stored. Put a
    /// version in `name` when what `compute` measures changes.
    package func derived<Value: Codable>(
        _ name: String, for configuration: TrainingConfiguration,
        compute: () throws -> Value
    ) throws -> Value {
        let file = folder(key(for: configuration)).appendingPathComponent(name + ".json")
        if let stored = try? JSONFile.read(Value.self, from: file) { return stored }
        let value = try compute()
        try JSONFile.write(value, to: file)
        return value
    }

    // MARK: Runs in progress

    func partialFile(_ configuration: TrainingConfiguration) -> URL {
        root.appendingPathComponent(key(for: configuration) + ".partial.json")
    }

    /// Where an interrupted run of this configuration stood, if one did; throws `Corrupt` for an unreadable one.
    package func resumePoint(for configuration: TrainingConfiguration) throws -> Trainer.ResumePoint? {
        let file = partialFile(configuration)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        do {
            let point = try JSONFile.read(Trainer.ResumePoint.self, from: file)
            guard point.epochs.count < configuration.epochs else { throw StudyError("it has more epochs than the run") }
            return point
        } catch {
            throw Corrupt(folder: file, reason: "\(error)")
        }
    }

    /// Saves the state after an epoch (atomically), so an interrupted run resumes from it.
    package func storeResumePoint(_ point: Trainer.ResumePoint, for configuration: TrainingConfiguration) throws {
        try JSONFile.write(point, to: partialFile(configuration))
    }

    package func removeResumePoint(for configuration: TrainingConfiguration) {
        try? FileManager.default.removeItem(at: partialFile(configuration))
    }

    /// Deletes an entry (after it was found corrupt).
    package func remove(_ configuration: TrainingConfiguration) {
        try? FileManager.default.removeItem(at: folder(key(for: configuration)))
    }
}
