import ArgumentParser
import CIFAR
import Deployment
import Foundation
import ReportKit
import Study
import StudyFile

/// `report` with no subcommand: the whole study, then the report.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study", abstract: "Run the whole study and write figures/ and report/ (the default command).")

    @OptionGroup var data: DataOptions
    @OptionGroup var study: StudyFlags
    @Flag(help: "Check the study file and print its plan (runs, cache keys, cost, time), training nothing.")
    var check = false
    @Flag(help: "Redraw every figure and rewrite the report from the last run's results, training nothing.")
    var renderOnly = false
    @Option(
        help: ArgumentHelp(
            "Runs trained at once, each by its own `report run` process with its share of the cores as its "
                + "threads (recorded with each run and in its cache key: another --jobs is another draw).",
            valueName: "n"))
    var jobs = 1
    @OptionGroup(title: "Engine") var engine: EngineFlags

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        Interruption.explainOnStop()
        engine.applyThreads()
        let started = Date()
        let file = try study.studyFile()  // checked whole before any data is read or run trained
        for note in file.notes { Console.line("note: \(note)") }
        let loaded = try data.load()
        var runner = study.runner(loaded, file: file, threads: engine.threadCount(jobs: jobs))
        runner.engine = engine.options
        if check { return try StudyCheck(runner: runner).print() }
        let report = study.report
        var results: StudyResults
        if renderOnly {
            results = try report.readResults().analysed(by: file.definition)
            results.data.name(as: runner.provenance)
        } else {
            results = try trained(runner) { try $0.run(command: command) }
        }
        let files = try report.write(results, data: loaded.data)
        if results.report.has(.deployment) { writeArtifact(results, cache: runner.cache) }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        print(
            "wrote \(files.count) files under \(report.root.path) in \(seconds) s: "
                + "report/index.html, report/report.html, report/README.md")
    }

    /// report/model.tar.gz: the study's best run by validation accuracy, from the run cache.
    func writeArtifact(_ results: StudyResults, cache: RunCache) {
        let artifact = study.report.reportFolder.appendingPathComponent("model.tar.gz")
        do {
            try StudyArtifact.export(try StudyArtifact.choose(in: results), of: results, cache: cache, to: artifact)
        } catch {
            Console.line("note: report/model.tar.gz not rewritten (\(error))")
        }
    }

    /// `body`'s results after the runs it reads are trained: by `--jobs` worker processes, then
    /// in this process, with the live board showing progress.
    func trained<Results>(_ runner: StudyRunner, _ body: (StudyRunner) throws -> Results) throws -> Results {
        var runner = runner
        let toTrain = runner.planned().filter { $0.state != .cached }
        let board = StudyBoard(
            costs: Dictionary(
                toTrain.map { ($0.key, runner.estimatedWork(of: $0.configuration)) }, uniquingKeysWith: { a, _ in a }))
        defer { board.close() }  // also when training fails
        if jobs > 1 {
            let workers = LocalWorkers(jobs: jobs, study: study, data: data, engine: engine, board: board)
            var keys = toTrain.map(\.key)
            while !keys.isEmpty {  // under a seed budget, each round's runs open the next
                try workers.train(keys)
                runner.trainedByWorkers.formUnion(keys)
                runner = runner.replanned()
                let next = runner.planned().filter { $0.state != .cached }.map(\.key)
                keys = next == keys ? [] : next
            }
        }
        runner.log = board.log
        let cache = runner.cache
        runner.progress = { configuration, progress in
            board.update(worker: 1, key: cache.key(for: configuration), label: cache.name(of: configuration), progress)
        }
        return try body(runner)
    }

    /// The command as it reproduces the study: with the study file named even when it is the
    /// lab's default, so that `report` and `report --study studies/lab.yaml` record the same.
    var command: String {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let named = arguments.contains { $0 == "--study" || $0.hasPrefix("--study=") }
        return (["report"] + (named ? [] : ["--study", study.studyPath]) + arguments).joined(separator: " ")
    }
}
