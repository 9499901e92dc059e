import ArgumentParser
import Foundation
import Study

/// `report run KEY`: one run of the study into the run cache, as a cluster task or a local worker.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train one run of the study into the run cache (at once if cached; resumes an interrupted one).")

    @Argument(help: "The run's cache key, from `report plan`.") var key: String
    @OptionGroup var data: DataOptions
    @OptionGroup var study: StudyFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags
    /// Set by `report --jobs` on a terminal: progress as `ProgressLines`, for its live lines.
    @Flag(help: .hidden) var progressLines = false

    func run() throws {
        Interruption.explainOnStop()
        engine.applyThreads()
        let file = try study.studyFile()
        var runner = study.runner(try data.load(), file: file, threads: engine.threadCount())
        runner.engine = engine.options
        runner.log = Console.line
        if progressLines {
            let cache = runner.cache
            runner.progress = ProgressLines.printer { cache.name(of: $0) }
        }
        let record = try runner.runOne(key: key)
        let accuracy = record.run.final.map { String(format: "%.4f", $0.testAccuracy) } ?? "–"
        Console.line("run \(key): test accuracy \(accuracy)\(record.reused ? " (cached)" : "")")
    }
}
