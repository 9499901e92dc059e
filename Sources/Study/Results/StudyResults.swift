import CIFAR
import Foundation
import NeuralNet

/// One model's architecture as the report describes it.
public struct ModelDescription: Codable, Sendable, Equatable {
    public var model: StudyModel
    public var title: String
    /// A name short enough for a chart.
    public var label: String
    /// What it changes relative to the model it was derived from, when it was.
    public var change: String?
    /// Per image: (H, W, C).
    public var inputShape: [Int]
    public var layers: [LayerSummary]
    public var parameters: Int
    public var multiplyAccumulates: Int

    /// The side of the input window the last layer that has one sees; nil without convolutions.
    public var receptiveField: Int? { layers.compactMap(\.receptiveField).last }
    public var isConvolutional: Bool { layers.contains { $0.kind == .conv2d } }
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

/// Everything a study measured: what its report is written from, with the parts of the study
/// file that say what the report holds (its claims, optional sections and the author's discussion),
/// so that a report can be rendered again from these results alone.
public struct StudyResults: Codable, Sendable, Equatable {
    public var title: String
    public var question: String
    /// A `--quick` run (`QuickStudy`): a subset of the data, few epochs and seeds.
    public var quick: Bool
    public var data: DataProvenance
    /// The data set's statistics, when the report has a data section.
    public var statistics: DatasetStatistics?
    public var models: [ModelDescription]
    public var runs: [RunRecord]
    public var experiments: [ExperimentResult]
    /// The probes the study file asks for; nil when it asks for none.
    public var probes: StudyProbes?
    public var claims: [ClaimDefinition]
    public var report: ReportSelection
    /// The models the walk-through sections show (the study's featured models), in order.
    public var featured: [StudyModel]
    public var discussion: [String]
    /// Every layer type the study uses, gradient-checked when the study ran.
    public var engineChecks: [EngineCheck]
    /// Each model's validation loss before its first step, over its (unpermuted) runs.
    public var initialLosses: [InitialLoss]
    public var environment: StudyEnvironment
    /// What the numbers say (`Findings`), computed anew whenever the report is rendered.
    public var findings: Findings?

    public func description(_ model: StudyModel) -> ModelDescription? { models.first { $0.model == model } }
    /// A model's title as the study file gives it.
    public func title(_ model: StudyModel) -> String { description(model)?.title ?? model.rawValue }
    /// A model's label, short enough for a chart.
    public func label(_ model: StudyModel) -> String { description(model)?.label ?? model.rawValue }
    /// The runs of `model` on the images as they are (the permutation probe's runs are apart).
    public func runs(_ model: StudyModel) -> [RunRecord] { runs.of(model) }
    public func lowestSeedRun(_ model: StudyModel) -> RunRecord? { runs.lowestSeedRun(model) }
    /// Every run's training time as it was trained (whichever command trained it).
    public var trainingSeconds: Double { runs.reduce(0) { $0 + $1.run.totalSeconds } }

    /// The results with their findings computed anew from the numbers (the analysis may have
    /// changed since they were stored).
    public func withFindings() -> StudyResults {
        var copy = self
        copy.findings = Findings(self)
        return copy
    }
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
