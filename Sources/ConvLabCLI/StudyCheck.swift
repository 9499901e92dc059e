import Foundation
import NeuralNet
import ReportKit
import Study

/// `report [--study FILE] --check`: the checked study's models and runs — cache keys, which are
/// cached, the cost of each model and the time its runs should take here — training nothing.
struct StudyCheck {
    let runner: StudyRunner

    func print() throws {
        let study = runner.definition
        Console.line("\(study.title): the study file is valid.")
        Console.line("\nmodels:")
        for model in study.models {
            let a = model.architecture
            Console.line(
                "  \(Console.column(model.name, 18)) "
                    + "\(Format.count(try a.parameterCount())) parameters, "
                    + "\(Format.count(try a.multiplyAccumulates())) multiply-accumulates per image, "
                    + "~\(Format.megabytes(try a.memoryEstimate(batch: batchSize(model), training: true).total)) "
                    + "to train")
        }
        Console.line("\nexperiments:")
        for e in study.experiments {
            let compared = e.compared.joined(separator: ", ")
            let seeds =
                e.hasSeedBudget
                ? "\(e.seeds) to \(e.maxSeeds) seeds, a seed a round until decided"
                : "\(e.seeds) seed\(e.seeds == 1 ? "" : "s")"
            let detect = e.detect.map { ", detect \(Format.points($0)) points" } ?? ""
            Console.line(
                "  \(e.name): \(compared) against \(e.baseline), \(seeds)\(detect)\(e.paired ? ", paired" : "")")
        }
        Console.line("compared by: \(study.endPoint.phrase)")
        printSeedsNeeded()
        try printRuns()
    }

    func batchSize(_ model: ModelDefinition) -> Int { (model.training ?? runner.definition.training).batchSize }

    /// For each comparison, the seeds its experiment's `detect` difference needs, from the spread of
    /// the runs cached so far.
    func printSeedsNeeded() {
        let study = runner.definition
        let rows = SeedsNeeded.rows(
            study,
            accuracy: study.accuracy(
                quick: runner.quick, threads: runner.threads, trained: runner.cache.finishedRun(for:)))
        guard let level = rows.first?.level else { return }
        Console.line(
            "\nseeds needed for 80% power at the family's most stringent level (\(String(format: "%.4f", level))), "
                + "from the cached runs' spread:")
        for r in rows {
            let spread = r.spread.map { "spread \(Format.points($0)) points" } ?? "no spread yet (train 2 seeds)"
            let needed =
                switch (r.detect, r.seeds, r.spread) {
                case (nil, _, _): "name `detect:` in the experiment to size it"
                case (let d?, let n?, _): "\(n) seeds to detect \(Format.points(d)) points"
                case (let d?, nil, .some): "more than \(SeedsNeeded.limit) seeds to detect \(Format.points(d)) points"
                case (_, nil, nil): "—"
                }
            Console.line(
                "  \(r.experiment): \(Console.column(r.model, 18)) \(r.seedsTrained) seeds cached, \(spread): \(needed)"
            )
        }
    }

    /// Each run with its key and state, and the time the missing ones should take here.
    func printRuns() throws {
        let planned = runner.planned()
        let missing = planned.filter { $0.state != .cached }
        var rates: [StudyModel: Double] = [:]  // this machine's speed per model, measured on the missing runs'
        for run in missing where rates[run.configuration.model] == nil {
            rates[run.configuration.model] = try workPerSecond(run.configuration)
        }
        func minutes(_ configuration: TrainingConfiguration) -> Double {
            runner.estimatedWork(of: configuration) / (rates[configuration.model] ?? .infinity) / 60
        }
        Console.line(
            "\n\(planned.count) runs, \(planned.count - missing.count) cached, each on \(runner.threads) "
                + "thread\(runner.threads == 1 ? "" : "s") (part of its cache key):")
        for (key, configuration, state) in planned {
            let time = state == .cached ? "" : String(format: "  ~%.1f min", minutes(configuration))
            Console.line("  \(Console.column(key, 34)) \(state.name)\(time)")
        }
        let total = missing.map { minutes($0.configuration) }.reduce(0, +)
        Console.line(
            String(format: "\nestimated training time on this machine: %.0f min", total)
                + " (each model's speed measured now on up to 20 of its batches)")
    }

    /// This machine's training speed for `configuration`'s model, in forward multiply-accumulates
    /// per second (the unit of `StudyRunner.estimatedWork`), from 20 batches (from about 4,000
    /// images when its batches are larger: 4 of airbench's).
    func workPerSecond(_ configuration: TrainingConfiguration) throws -> Double {
        var probe = configuration
        let batches = max(3, min(20, 4096 / max(probe.batchSize, 1)))
        probe.epochs = 1
        probe.trainingLimit = (batches + 1) * probe.batchSize
        probe.validationCount = probe.batchSize
        probe.testLimit = probe.batchSize
        probe.earlyStopping = nil
        (probe.fractionalEpochs, probe.whitening, probe.testTimeAugmentation) = (nil, nil, nil)
        let (run, _) = try Trainer(configuration: probe, data: runner.data, engine: runner.engine).run()
        let seconds = max(run.epochs.first?.trainingSeconds ?? 1, 1e-3)
        return runner.estimatedWork(of: probe) / seconds
    }
}
