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
    @OptionGroup var study: StudyFlags
    @Flag(help: "Redraw every figure and rewrite the report from the last run's results, training nothing.")
    var renderOnly = false
    @Option(
        help: ArgumentHelp(
            "Runs trained at once, each by its own `report run` process with its share of the cores.",
            valueName: "n"))
    var jobs = 1
    @OptionGroup(title: "Engine") var engine: EngineFlags

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        engine.applyThreads()
        let report = study.report
        let started = Date()
        let loaded = try data.load()
        let dataset = loaded.data
        var runner = study.runner(loaded)
        runner.engine = engine.options
        let toTrain = renderOnly ? [] : runner.planned().filter { $0.state != .cached }
        let board = StudyBoard(
            costs: Dictionary(
                toTrain.map { ($0.key, runner.estimatedWork(of: $0.configuration)) }, uniquingKeysWith: { a, _ in a }))
        defer { board.close() }  // also when training fails
        if jobs > 1 && !renderOnly {
            try LocalWorkers(jobs: jobs, study: study, data: data, engine: engine, board: board).train(
                toTrain.map(\.key))
        }
        var results: StudyResults
        if renderOnly {
            results = try report.readResults()
            // The same bytes named as this command names them (no other machine's paths).
            if results.data.md5 == loaded.provenance.md5 { results.data.directory = loaded.provenance.directory }
        } else {
            runner.log = board.log
            let cache = runner.cache
            runner.progress = { configuration, progress in
                board.update(
                    worker: 1, key: cache.key(for: configuration), label: cache.name(of: configuration), progress)
            }
            results = try runner.run(command: (["report"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
        }
        board.close()
        let files = try report.write(results, data: dataset)
        let artifact = report.reportFolder.appendingPathComponent("model.tar.gz")
        do {
            try StudyArtifact.export(
                try StudyArtifact.choose(in: results), of: results, cache: runner.cache, to: artifact)
        } catch {
            Console.line("note: report/model.tar.gz not rewritten (\(error))")
        }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        print(
            "wrote \(files.count) files under \(report.root.path) in \(seconds) s: "
                + "report/index.html, report/report.html, report/README.md")
    }
}
