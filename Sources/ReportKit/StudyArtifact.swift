import Deployment
import Foundation
import Study

/// The study's runs as deployable artifacts: which run to package, and its manifest.
package enum StudyArtifact {
    /// The run to deploy: `key` if given, else the lowest seed of `model` if given, else the run
    /// with the best validation accuracy (`Findings.deployed`).
    package static func choose(
        in results: StudyResults, key: String? = nil, model: StudyModel? = nil
    ) throws -> RunRecord {
        if let key {
            guard let run = results.runs.first(where: { $0.key == key }) else {
                throw DeploymentError(
                    "no run \(key) in the results; the keys are \(results.runs.map(\.key).joined(separator: ", "))")
            }
            return run
        }
        if let model {
            guard let run = results.lowestSeedRun(model) else {
                throw DeploymentError("the results hold no \(model.rawValue) run")
            }
            return run
        }
        guard let key = Findings(results).deployed, let best = results.runs.first(where: { $0.key == key }) else {
            throw DeploymentError("the results hold no run to export")
        }
        return best
    }

    /// Exports a run of the study from the run cache.
    package static func export(
        _ record: RunRecord, of results: StudyResults, cache: RunCache, to url: URL,
        format: ModelArtifact.Format = .sageMaker
    ) throws {
        guard let entry = try cache.entry(for: record.run.configuration) else {
            throw DeploymentError(
                "run \(record.key) is not in the run cache \(cache.root.path); run `report` to train it")
        }
        let manifest = try manifest(record.run, classNames: entry.classNames, dataMD5: results.data.md5)
        try ModelArtifact.export(weights: entry.weights, manifest: manifest, to: url, format: format)
    }

    /// Exports a run straight from the run cache (one `report train` trained).
    package static func export(
        _ entry: RunCache.Entry, dataMD5: [String: String], to url: URL, format: ModelArtifact.Format = .sageMaker
    ) throws {
        let manifest = try manifest(entry.run, classNames: entry.classNames, dataMD5: dataMD5)
        try ModelArtifact.export(weights: entry.weights, manifest: manifest, to: url, format: format)
    }

    /// `model.json` for a training run.
    package static func manifest(
        _ run: TrainingRun, classNames: [String], dataMD5: [String: String]
    ) throws -> ModelManifest {
        ModelManifest(
            architecture: run.architecture, classNames: classNames,
            training: try JSONValue(encoding: run.configuration),
            seed: run.configuration.seed, testAccuracy: run.final?.testAccuracy, dataMD5: dataMD5,
            convlabVersion: StudyEnvironment.convlabVersion)
    }
}
