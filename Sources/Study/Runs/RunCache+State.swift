import Foundation

/// Where a planned run stands in the run cache, as `report plan` shows it.
package enum RunState: Equatable, Sendable, CustomStringConvertible {
    case cached
    /// A process holds the run's lock: who it is, and the epochs it has finished of all.
    case running(holder: String, epochsDone: Int, epochs: Int)
    /// Stopped after this many epochs; the next attempt resumes there.
    case interrupted(epochs: Int)
    /// The last attempt failed with this error (and may have left a resume point).
    case failed(reason: String)
    /// Its entry does not read back whole (a damaged file): it is trained again.
    case unreadable(reason: String)
    case missing

    package var description: String {
        switch self {
        case .cached: "cached"
        case .running(let holder, let done, let epochs): "running: \(done) of \(epochs) epochs done (\(holder))"
        case .interrupted(let epochs): "interrupted after epoch \(epochs)"
        case .failed(let reason): "failed: \(reason)"
        case .unreadable(let reason): "missing: its cache entry is unreadable (\(reason)); it will be trained again"
        case .missing: "missing"
        }
    }

    /// One word, for tables and JSON.
    package var name: String {
        switch self {
        case .cached: "cached"
        case .running: "running"
        case .interrupted: "interrupted"
        case .failed: "failed"
        case .unreadable, .missing: "missing"
        }
    }
}

extension RunCache {
    /// The state of a run, read without taking its lock (a reader never blocks a writer).
    package func state(of configuration: TrainingConfiguration) -> RunState {
        if let holder = RunLock.holder(of: lockFile(for: configuration)) {
            let done = (try? resumePoint(for: configuration))?.epochs.count ?? 0
            return .running(holder: holder, epochsDone: done, epochs: configuration.epochs)
        }
        do {
            if try entry(for: configuration) != nil { return .cached }
        } catch {
            return .unreadable(reason: (error as? Corrupt)?.reason ?? "\(error)")
        }
        if let reason = try? String(contentsOf: failureFile(configuration), encoding: .utf8) {
            return .failed(reason: reason.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let point = try? resumePoint(for: configuration) { return .interrupted(epochs: point.epochs.count) }
        return .missing
    }

    /// `<root>/.locks/<key>.lock`: see `RunLock`.
    func lockFile(for configuration: TrainingConfiguration) -> URL {
        root.appendingPathComponent(".locks").appendingPathComponent(key(for: configuration) + ".lock")
    }

    func failureFile(_ configuration: TrainingConfiguration) -> URL {
        root.appendingPathComponent(".failures").appendingPathComponent(key(for: configuration) + ".txt")
    }

    func recordFailure(of configuration: TrainingConfiguration, _ reason: String) {
        let file = failureFile(configuration)
        try? FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data((reason + "\n").utf8).write(to: file, options: .atomic)
    }

    func clearFailure(of configuration: TrainingConfiguration) {
        try? FileManager.default.removeItem(at: failureFile(configuration))
    }
}
