import CIFAR
import Foundation
import NeuralNet

/// How big a study to run.
public struct StudyOptions: Codable, Sendable, Equatable {
    public var epochs: Int
    public var seeds: Int
    public var batchSize: Int
    /// A small subset and few epochs, to check that everything works in about a minute.
    public var quick: Bool

    public init(epochs: Int = 10, seeds: Int = 3, batchSize: Int = 64, quick: Bool = false) {
        self.epochs = epochs
        self.seeds = seeds
        self.batchSize = batchSize
        self.quick = quick
    }

    public static let quickTrainingImages = 3000, quickTestImages = 1000
    /// The seed of the one pixel permutation of the permutation probe.
    public static let pixelPermutationSeed: UInt64 = 1

    public var seedList: [UInt64] { (0..<(quick ? min(seeds, 2) : seeds)).map(UInt64.init) }

    /// The training runs of the study, in order: the lab's models (the MLP once, each CNN once per
    /// seed; seed 0 is the one the comparison shows), the MLP's other seeds, the ablations per
    /// seed, then the MLP and cnn3 per seed on pixel-permuted images.
    public var plan: [TrainingConfiguration] {
        let epochs = quick ? min(self.epochs, 2) : self.epochs
        func config(_ model: ModelDefinition, _ seed: UInt64, permuted: Bool = false) -> TrainingConfiguration {
            TrainingConfiguration(
                model: model, epochs: epochs, batchSize: batchSize, seed: seed,
                validationCount: quick ? Self.quickTrainingImages / 10 : 5000,
                trainingLimit: quick ? Self.quickTrainingImages : nil, testLimit: quick ? Self.quickTestImages : nil,
                pixelPermutationSeed: permuted ? Self.pixelPermutationSeed : nil)
        }
        let seeds = seedList
        let lab = [config(.mlp, 0)] + seeds.map { config(.cnn3, $0) } + seeds.map { config(.cnn5, $0) }
        let ablations = StudyModel.ablations.compactMap(\.builtIn).flatMap { m in seeds.map { config(m, $0) } }
        let permuted = [ModelDefinition.mlp, .cnn3].flatMap { m in seeds.map { config(m, $0, permuted: true) } }
        return lab + seeds.dropFirst().map { config(.mlp, $0) } + ablations + permuted
    }
}

/// One model's architecture as the report describes it.
public struct ModelDescription: Codable, Sendable, Equatable {
    public var model: StudyModel
    public var title: String
    public var layers: [LayerSummary]
    public var parameters: Int
    public var multiplyAccumulates: Int
}

/// A finished run with what the report needs of its test predictions.
public struct RunRecord: Codable, Sendable, Equatable {
    public struct Mistake: Codable, Sendable, Equatable {
        public var index: Int
        public var label: Int
        public var predicted: Int
        public var confidence: Float
    }

    /// A conv layer's kernels, (F, k, k, C) row-major, for the filter figures.
    public struct Filters: Codable, Sendable, Equatable {
        public var filters, kernelSize, channels: Int
        public var weights: [Float]
    }

    public var key: String
    public var run: TrainingRun
    /// The first conv layer's learned kernels; nil for a model without convolutions.
    public var firstLayerFilters: Filters?
    public var confusion: [[Int]]
    public var perClassAccuracy: [Double]
    public var mistakes: [Mistake]
    /// How this run came about in this invocation: trained now, or reused from the cache.
    public var reused: Bool

    public var testAccuracy: Double { run.final?.testAccuracy ?? .nan }
    public var meanEpochSeconds: Double {
        run.epochs.map(\.trainingSeconds).reduce(0, +) / Double(max(run.epochs.count, 1))
    }
}

/// 3×3 against 5×5 over seeds: the controlled experiment.
public struct KernelExperiment: Codable, Sendable, Equatable {
    public var seeds: [UInt64]
    public var accuracy3: SampleSummary
    public var accuracy5: SampleSummary
    public var epochSeconds3: SampleSummary
    public var epochSeconds5: SampleSummary
    /// 5×5 minus 3×3.
    public var welch: WelchTest

    public init(cnn3: [RunRecord], cnn5: [RunRecord]) {
        seeds = cnn3.map(\.run.configuration.seed)
        accuracy3 = SampleSummary(cnn3.map(\.testAccuracy))
        accuracy5 = SampleSummary(cnn5.map(\.testAccuracy))
        epochSeconds3 = SampleSummary(cnn3.map(\.meanEpochSeconds))
        epochSeconds5 = SampleSummary(cnn5.map(\.meanEpochSeconds))
        welch = WelchTest(accuracy5, accuracy3)
    }
}

/// Where the data came from, exactly.
public struct DataProvenance: Codable, Sendable, Equatable {
    /// The folder as the user named it, relative to the working directory where it can be.
    public var directory: String
    public var source: String
    public var md5: [String: String]
    /// Files that are not the official release's, used because the user said so; nil when none.
    public var modifiedFiles: [ModifiedFile]?

    public init(directory: String, source: String, md5: [String: String], modifiedFiles: [ModifiedFile]? = nil) {
        (self.directory, self.source, self.md5) = (directory, source, md5)
        self.modifiedFiles = modifiedFiles?.isEmpty == false ? modifiedFiles : nil
    }

    /// Names the data as `current` does when both are the same bytes, so that a report rendered
    /// again shows the folder as this command names it, not a path of the machine that ran it.
    public mutating func name(as current: DataProvenance) {
        if md5 == current.md5 { directory = current.directory }
    }

    /// The record of a loaded data set: its files' MD5s (taken as they were read; computed here
    /// for data that did not come from files), `path` as the report should name its folder.
    public init(
        data: CIFAR10, path: String? = nil, source: DataLocator.Source, modifiedFiles: [ModifiedFile] = []
    )
        throws
    {
        var md5 = data.md5
        for name in CIFAR10.binaryFiles where md5[name] == nil {
            md5[name] = try Checksums.md5(of: data.directory.appendingPathComponent(name))
        }
        self.init(
            directory: path ?? data.directory.path, source: source.rawValue, md5: md5, modifiedFiles: modifiedFiles)
    }
}

/// The machine and software of the run.
public struct StudyEnvironment: Codable, Sendable, Equatable {
    public var convlabVersion: String
    public var swift: String
    public var operatingSystem: String
    public var processor: String
    public var cores: Int
    public var gemm: String
    public var command: String
    public var startedAt: Date
    public var wallSeconds: Double
    /// Peak resident memory of the process; nil where the platform does not say.
    public var peakMemoryMB: Double?

    public static let convlabVersion = "0.1.0"
}

/// Everything a study found: what the report is written from.
public struct StudyResults: Codable, Sendable, Equatable {
    public var options: StudyOptions
    public var data: DataProvenance
    public var statistics: DatasetStatistics
    public var models: [ModelDescription]
    public var runs: [RunRecord]
    public var experiment: KernelExperiment
    /// The probes of the lab's claims; nil when they were not run.
    public var inductiveBias: InductiveBias?
    public var environment: StudyEnvironment
    /// What the numbers say (`Findings`), computed anew whenever the report is rendered.
    public var findings: Findings?
    /// Every layer type the study uses, gradient-checked when the study ran (nil in results
    /// written before ConvLab checked them).
    public var engineChecks: [EngineCheck]?
    /// Each model's validation loss before its first step (nil as `engineChecks`).
    public var initialLosses: [InitialLoss]?

    /// The lab's CNN run with the best test accuracy: the one the study deploys.
    public var bestCNN: RunRecord? {
        (runs(.cnn3) + runs(.cnn5)).max { $0.testAccuracy < $1.testAccuracy }
    }

    /// The runs of `model` on the images as they are (the permutation probe's runs are apart).
    public func runs(_ model: StudyModel) -> [RunRecord] { runs.of(model) }
    public func permutedRuns(_ model: StudyModel) -> [RunRecord] { runs.of(model, permuted: true) }
    public func lowestSeedRun(_ model: StudyModel) -> RunRecord? { runs.lowestSeedRun(model) }
    public func description(_ model: StudyModel) -> ModelDescription? { models.first { $0.model == model } }
}

extension Array where Element == RunRecord {
    /// The runs of `model` on the images as they are, or on the pixel-permuted ones.
    public func of(_ model: StudyModel, permuted: Bool = false) -> [RunRecord] {
        filter { $0.run.configuration.model == model && $0.run.configuration.isPermuted == permuted }
    }

    /// The lowest-seed run of `model` on the images as they are: the one single-run comparisons show.
    public func lowestSeedRun(_ model: StudyModel) -> RunRecord? {
        of(model).min { $0.run.configuration.seed < $1.run.configuration.seed }
    }
}

extension RunRecord.Filters {
    /// The first Conv2D's kernels, nil for a model without one.
    public init?(firstConvolutionOf model: Sequential<Float>) {
        guard let conv = model.layers.lazy.compactMap({ $0 as? Conv2D<Float> }).first else { return nil }
        let shape = conv.weight.value.shape  // (F, k, k, C)
        self.init(filters: shape[0], kernelSize: shape[1], channels: shape[3], weights: conv.weight.value.values)
    }
}

extension StudyResults {
    enum CodingKeys: String, CodingKey {
        case options, data, statistics, models, runs, experiment, inductiveBias, environment, findings
        case engineChecks, initialLosses
    }

    /// Reads every number as stored, and the findings only if they still have today's shape: they
    /// are derived from the numbers and computed anew on every render, so findings stored by an
    /// earlier version of the analysis must not stop its results from rendering.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            options: try c.decode(StudyOptions.self, forKey: .options),
            data: try c.decode(DataProvenance.self, forKey: .data),
            statistics: try c.decode(DatasetStatistics.self, forKey: .statistics),
            models: try c.decode([ModelDescription].self, forKey: .models),
            runs: try c.decode([RunRecord].self, forKey: .runs),
            experiment: try c.decode(KernelExperiment.self, forKey: .experiment),
            inductiveBias: try c.decodeIfPresent(InductiveBias.self, forKey: .inductiveBias),
            environment: try c.decode(StudyEnvironment.self, forKey: .environment),
            findings: try? c.decodeIfPresent(Findings.self, forKey: .findings),
            engineChecks: try c.decodeIfPresent([EngineCheck].self, forKey: .engineChecks),
            initialLosses: try c.decodeIfPresent([InitialLoss].self, forKey: .initialLosses))
    }
}
