import ArgumentParser
import Foundation
import ReportKit
import Study

/// Which study: the same flags for `report`, `report plan` and `report run`, so that they agree
/// on its runs and their cache keys.
struct StudyFlags: ParsableArguments {
    @Option(help: "Epochs per training run.") var epochs = 10
    @Option(help: "Seeds per model in the kernel experiment, the ablations and the permutation probe.") var seeds = 3
    @Flag(help: "A small subset, two epochs, two seeds: checks that everything works in a few minutes.") var quick =
        false
    @Option(help: ArgumentHelp("Folder for figures/, report/ and the run cache.", valueName: "dir")) var out = "."

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
    }

    var options: StudyOptions { StudyOptions(epochs: epochs, seeds: seeds, quick: quick) }

    /// Where the study writes: figures/, report/ and the run cache under --out.
    var report: StudyReport { StudyReport(root: URL(fileURLWithPath: out)) }

    /// The study's runner on this data, with its run cache under --out.
    func runner(_ loaded: LoadedData) -> StudyRunner {
        StudyRunner(
            options: options, data: loaded.data, provenance: loaded.provenance, cacheRoot: report.cacheFolder)
    }

    /// The flags as arguments again, for a `report run` in another process.
    var arguments: [String] {
        ["--epochs", String(epochs), "--seeds", String(seeds), "--out", out] + (quick ? ["--quick"] : [])
    }
}
