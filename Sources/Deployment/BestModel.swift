import Foundation
import Study

extension ModelArtifact {
    /// The run to deploy: `key` if given, else seed 0 of `model` if given, else the CNN run with
    /// the best test accuracy.
    public static func choose(in results: StudyResults, key: String? = nil, model: StudyModel? = nil) throws -> RunRecord {
        if let key {
            guard let run = results.runs.first(where: { $0.key == key }) else {
                throw DeploymentError("no run \(key) in the results; the keys are \(results.runs.map(\.key).joined(separator: ", "))")
            }
            return run
        }
        if let model {
            guard let run = results.lowestSeedRun(model) else { throw DeploymentError("the results hold no \(model.rawValue) run") }
            return run
        }
        guard let best = results.bestCNN else {
            throw DeploymentError("the results hold no CNN run to export")
        }
        return best
    }

    /// Exports a run of the study from the run cache.
    public static func export(_ record: RunRecord, of results: StudyResults, cache: RunCache, to url: URL) throws {
        guard let entry = try cache.entry(for: record.run.configuration) else {
            throw DeploymentError("run \(record.key) is not in the run cache \(cache.root.path); run `report` to train it")
        }
        let manifest = ModelManifest(run: record.run, classNames: results.statistics.classNames, dataMD5: results.data.md5)
        try export(weights: entry.weights, manifest: manifest, to: url)
    }
}
