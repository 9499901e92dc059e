import ArgumentParser
import CIFAR
import Deployment
import Foundation
import ReportKit
import Study

/// `report` with no subcommand: the whole study, then the report.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study", abstract: "Run the whole study and write figures/ and report/ (the default command).")

    @OptionGroup var data: DataOptions
    @Option(help: "Epochs per training run.") var epochs = 10
    @Option(help: "Seeds per model in the kernel experiment, the ablations and the permutation probe.") var seeds = 3
    @Flag(help: "A small subset, two epochs, two seeds: checks that everything works in a few minutes.") var quick =
        false
    @Option(help: ArgumentHelp("Folder for figures/, report/ and the run cache.", valueName: "dir")) var out = "."
    @Flag(help: "Redraw every figure and rewrite the report from the last run's results, training nothing.")
    var renderOnly = false
    @OptionGroup(title: "Engine") var engine: EngineFlags

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
    }

    func run() throws {
        let report = StudyReport(root: URL(fileURLWithPath: out))
        let started = Date()
        let loaded = try data.load()
        let dataset = loaded.data
        var runner = StudyRunner(
            options: StudyOptions(epochs: epochs, seeds: seeds, quick: quick), data: dataset,
            provenance: loaded.provenance, cacheRoot: report.cacheFolder)
        runner.engine = engine.options
        var results: StudyResults
        if renderOnly {
            results = try report.readResults()
            // The same bytes named as this command names them (no other machine's paths).
            if results.data.md5 == loaded.provenance.md5 { results.data.directory = loaded.provenance.directory }
        } else {
            runner.log = Console.line
            results = try runner.run(command: (["report"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
        }
        let files = try report.write(results, data: dataset)
        let artifact = report.reportFolder.appendingPathComponent("model.tar.gz")
        do {
            try StudyArtifact.export(
                try StudyArtifact.choose(in: results), of: results, cache: runner.cache, to: artifact)
        } catch {
            Console.line("note: report/model.tar.gz not rewritten (\(error))")
        }
        print(
            "wrote \(files.count) files under \(report.root.path) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s: report/index.html, report/report.html, report/README.md"
        )
    }
}
