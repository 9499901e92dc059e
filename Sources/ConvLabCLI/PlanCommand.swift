import ArgumentParser
import Foundation
import Study

/// `report plan`: the study's runs and where each stands in the run cache, for this machine or
/// for a study running elsewhere (a cluster) on a shared run cache.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "List the study's runs: cache key, model, seed, epochs, state (cached, running, missing, …).")

    @OptionGroup var data: DataOptions
    @OptionGroup var study: StudyFlags
    @Flag(help: "Print JSON: one object per run.") var json = false
    @OptionGroup var threads: ThreadFlags
    @Option(help: ArgumentHelp("The keys of a study run with --jobs N (its runs' thread count).", valueName: "n"))
    var jobs = 1

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    struct Row: Encodable {
        let key, model: String
        let seed: UInt64
        let permutedPixels: Bool
        let epochs: Int
        let state, detail: String
    }

    func run() throws {
        let file = try study.studyFile()  // checked whole before the data is read
        let runner = study.runner(try data.load(), file: file, threads: threads.count(jobs: jobs))
        let rows = runner.planned().map { key, c, state in
            Row(
                key: key, model: c.model.rawValue, seed: c.seed, permutedPixels: c.isPermuted, epochs: c.epochs,
                state: state.name, detail: state.description)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return Console.line(String(decoding: try encoder.encode(rows), as: UTF8.self))
        }
        let counts = Dictionary(grouping: rows, by: \.state).mapValues(\.count)
        let summary = ["cached", "running", "interrupted", "failed", "missing"].compactMap { state in
            counts[state].map { "\($0) \(state)" }
        }
        Console.line("\(rows.count) runs: \(summary.joined(separator: ", "))")
        for row in rows {
            let model = row.model + (row.permutedPixels ? " (permuted)" : "")
            Console.line(
                "\(Console.column(row.key, 34))"
                    + " \(Console.column(model, 24)) seed \(row.seed)  \(row.detail)")
        }
    }
}
