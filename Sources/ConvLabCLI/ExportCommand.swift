import ArgumentParser
import Deployment
import Foundation
import ReportKit
import Study

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Package a trained model as model.tar.gz (model.weights + model.json), SageMaker's layout.")

    @Option(name: .customLong("run"), help: "The run's cache key (see the report's Reproducibility table).") var runKey:
        String?
    @Option(help: "Seed 0 of this model; without --run or --model, the CNN with the best test accuracy.") var model:
        StudyModel?
    @Option(help: ArgumentHelp("The folder a study wrote (holding report/ and .convlab/).", valueName: "dir"))
    var from = "."
    @Option(help: "The artifact to write.") var out = "model.tar.gz"

    func run() throws {
        let report = StudyReport(root: URL(fileURLWithPath: from))
        let results = try report.readResults()
        let record = try StudyArtifact.choose(in: results, key: runKey, model: model)
        let cache = RunCache(root: report.cacheFolder, dataFingerprint: CIFARFingerprint.of(results))
        try StudyArtifact.export(record, of: results, cache: cache, to: URL(fileURLWithPath: out))
        Console.line(
            "wrote \(out): \(record.run.configuration.model.rawValue) seed \(record.run.configuration.seed), test accuracy \(String(format: "%.4f", record.testAccuracy))"
        )
    }
}

/// The run cache's data fingerprint, recomputed from results.json's checksums.
enum CIFARFingerprint {
    static func of(_ results: StudyResults) -> String {
        StudyRunner.fingerprint(results.data.md5)
    }
}
