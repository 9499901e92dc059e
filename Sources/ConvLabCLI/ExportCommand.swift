import ArgumentParser
import Deployment
import Foundation
import ReportKit
import Study

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Package a trained model as model.tar.gz (SageMaker's layout, with model.onnx inside) or model.onnx.")

    @Option(name: .customLong("run"), help: "The run's cache key (see the report's Reproducibility table).") var runKey:
        String?
    @Option(help: "Seed 0 of this model; without --run or --model, the CNN with the best test accuracy.") var model:
        StudyModel?
    @Option(help: ArgumentHelp("The folder a study wrote (holding report/ and .convlab/).", valueName: "dir"))
    var from = "."
    @Option(help: ArgumentHelp("The run cache, if not the study's (<from>/.convlab/runs).", valueName: "dir"))
    var cache: String?
    @Option(
        help: ArgumentHelp(
            "tar.gz: model.weights, model.json and model.onnx, for predict, serve and SageMaker; onnx: the ONNX file.",
            valueName: "tar.gz|onnx"))
    var format = ModelArtifact.Format.sageMaker
    @Option(help: "The artifact to write (default: model.tar.gz, or model.onnx with --format onnx).") var out: String?

    private var outPath: String { out ?? (format == .onnx ? "model.onnx" : "model.tar.gz") }

    func run() throws {
        let report = StudyReport(root: URL(fileURLWithPath: from))
        let cacheFolder = cache.map { URL(fileURLWithPath: $0) } ?? report.cacheFolder
        let artifact = URL(fileURLWithPath: outPath)
        // A run `report train` put in the cache, which no study's results list.
        if let runKey, (try? report.readResults())?.runs.contains(where: { $0.key == runKey }) != true {
            let (entry, cache) = try RunCache.stored(key: runKey, in: cacheFolder)
            try StudyArtifact.export(
                entry, dataMD5: RunCache.md5(fingerprint: cache.dataFingerprint), to: artifact, format: format)
            return wrote(entry.run, testAccuracy: entry.run.final?.testAccuracy)
        }
        let results = try report.readResults()
        let record = try StudyArtifact.choose(in: results, key: runKey, model: model)
        let cache = RunCache(root: cacheFolder, dataFingerprint: RunCache.fingerprint(results.data.md5))
        try StudyArtifact.export(record, of: results, cache: cache, to: artifact, format: format)
        wrote(record.run, testAccuracy: record.testAccuracy)
    }

    private func wrote(_ run: TrainingRun, testAccuracy: Double?) {
        let accuracy = testAccuracy.map { String(format: "%.4f", $0) } ?? "–"
        let configuration = run.configuration
        Console.line(
            "wrote \(outPath): \(configuration.model.rawValue) seed \(configuration.seed), test accuracy \(accuracy)")
    }
}

extension ModelArtifact.Format: ExpressibleByArgument {}
