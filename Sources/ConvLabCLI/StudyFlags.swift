import ArgumentParser
import Foundation
import ReportKit
import Study
import StudyFile

/// Which study: the same flags for `report`, `report plan`, `report run` and `report slurm`, so
/// that they agree on its runs and their cache keys.
struct StudyFlags: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A study file (YAML) to run instead of the lab's study (studies/lab.yaml).", valueName: "file"))
    var study: String?
    @Option(help: "Epochs per training run (default: 10, or the study file's).") var epochs: Int?
    @Option(help: "Seeds per model (default: 3, or each experiment's in the study file).") var seeds: Int?
    @Flag(
        help: ArgumentHelp(
            "Add seeds a round at a time, up to 10, until each comparison is decided (experiments with a fixed "
                + "number of seeds; a budget in the study file, `seeds: {min: 3, max: 10}`, does the same)."))
    var untilDecided = false
    @Flag(help: "A small subset, two epochs, two seeds: checks that everything works in a few minutes.") var quick =
        false
    @Option(help: ArgumentHelp("Folder for figures/, report/ and the run cache.", valueName: "dir")) var out = "."
    @Option(
        help: ArgumentHelp(
            "Refuse a model whose training needs more memory than this, in GB (default: the machine's less 2 GB).",
            valueName: "GB"))
    var maxMemory: Double?

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if let seeds, seeds < 1 { throw ValidationError("--seeds must be at least 1") }
        if let maxMemory, !(maxMemory > 0 && maxMemory < 1e9) {
            throw ValidationError("--max-memory must be a positive number of GB")
        }
    }

    /// Where the study writes: figures/, report/ and the run cache under --out.
    var report: StudyReport { StudyReport(root: URL(fileURLWithPath: out)) }

    /// The lab's study: studies/lab.yaml of the checkout this program was built from.
    static let labStudyFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../studies/lab.yaml").standardized

    /// The study file: --study's, or the lab's.
    var studyPath: String {
        study ?? Self.relativePath(of: Self.labStudyFile, from: FileManager.default.currentDirectoryPath)
    }

    /// `url`'s path relative to `folder` where it lies below it, else in full.
    static func relativePath(of url: URL, from folder: String) -> String {
        let base = URL(fileURLWithPath: folder).standardized.path + "/"
        return url.path.hasPrefix(base) ? String(url.path.dropFirst(base.count)) : url.path
    }

    /// The study file (--study's, or the lab's), read and checked whole, with --epochs and
    /// --seeds applied.
    func studyFile() throws -> StudyFile.Loaded {
        let url = study.map { URL(fileURLWithPath: $0) } ?? Self.labStudyFile
        if study == nil && !FileManager.default.fileExists(atPath: url.path) {
            throw StudyError(
                "the lab's study file is not at \(url.path), where this program was built: "
                    + "pass --study with the path of studies/lab.yaml from ConvLab's repository")
        }
        var loaded = try StudyFile.load(url, builtIn: ModelDefinition.builtIn, memoryBudget: memoryBudget)
        if let epochs {
            (loaded.definition.training.epochs, loaded.definition.training.fractionalEpochs) = (epochs, nil)
            for i in loaded.definition.models.indices where loaded.definition.models[i].training != nil {
                loaded.definition.models[i].training?.epochs = epochs
                loaded.definition.models[i].training?.fractionalEpochs = nil
            }
        }
        for i in loaded.definition.experiments.indices {
            if let seeds {
                (loaded.definition.experiments[i].seeds, loaded.definition.experiments[i].maxSeeds) = (seeds, seeds)
            }
            let experiment = loaded.definition.experiments[i]
            if untilDecided && experiment.seeds >= 2 {
                loaded.definition.experiments[i].maxSeeds = max(experiment.maxSeeds, Self.untilDecidedSeeds)
            }
        }
        return loaded
    }

    /// The bytes a model may need to train: --max-memory, or the machine's memory less 2 GB.
    var memoryBudget: Int {
        maxMemory.map { Int($0 * 1e9) } ?? max(Int(ProcessInfo.processInfo.physicalMemory) - 2_000_000_000, 1)
    }

    /// The most seeds `--until-decided` trains a model.
    static let untilDecidedSeeds = 10

    /// The study's runner on this data, its runs on `threads` threads, with its run cache under --out.
    func runner(_ loaded: LoadedData, file: StudyFile.Loaded, threads: Int) -> StudyRunner {
        StudyRunner(
            definition: file.definition, quick: quick, threads: threads, data: loaded.data,
            provenance: loaded.provenance, cacheRoot: report.cacheFolder)
    }

    /// The flags as arguments again, for a `report run` in another process.
    var arguments: [String] {
        ["--study", studyPath] + (epochs.map { ["--epochs", String($0)] } ?? [])
            + (seeds.map { ["--seeds", String($0)] } ?? []) + (untilDecided ? ["--until-decided"] : [])
            + ["--out", out] + (quick ? ["--quick"] : []) + (maxMemory.map { ["--max-memory", String($0)] } ?? [])
    }
}
