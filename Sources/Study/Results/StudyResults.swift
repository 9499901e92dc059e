import CIFAR
import Foundation
import NeuralNet

/// One model's architecture as the report describes it.
package struct ModelDescription: Codable, Sendable, Equatable {
    package var model: StudyModel
    package var title: String
    /// A name short enough for a chart.
    package var label: String
    /// Per image: (H, W, C).
    package var inputShape: [Int]
    package var layers: [LayerSummary]
    package var parameters: Int
    package var multiplyAccumulates: Int

    package init(
        model: StudyModel, title: String, label: String, inputShape: [Int], layers: [LayerSummary], parameters: Int,
        multiplyAccumulates: Int
    ) {
        (self.model, self.title, self.label, self.inputShape) = (model, title, label, inputShape)
        (self.layers, self.parameters, self.multiplyAccumulates) = (layers, parameters, multiplyAccumulates)
    }

    /// Results written before ConvLab recorded a model's label and input read as the model's name
    /// and CIFAR-10's image shape.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(StudyModel.self, forKey: .model)
        title = try c.decode(String.self, forKey: .title)
        label = try c.decodeIfPresent(String.self, forKey: .label) ?? model.rawValue
        inputShape = try c.decodeIfPresent([Int].self, forKey: .inputShape) ?? Architecture.cifarInput
        layers = try c.decode([LayerSummary].self, forKey: .layers)
        parameters = try c.decode(Int.self, forKey: .parameters)
        multiplyAccumulates = try c.decode(Int.self, forKey: .multiplyAccumulates)
    }

    /// The side of the input window the last layer that has one sees; nil without convolutions.
    package var receptiveField: Int? { layers.compactMap(\.receptiveField).last }
    package var isConvolutional: Bool { layers.contains { $0.kind == .conv2d } }
}

/// A finished run with what the report needs of its test predictions.
package struct RunRecord: Codable, Sendable, Equatable {
    package struct Mistake: Codable, Sendable, Equatable {
        package var index: Int
        package var label: Int
        package var predicted: Int
        package var confidence: Float
    }

    /// A conv layer's kernels, (F, k, k, C) row-major, for the filter figures.
    package struct Filters: Codable, Sendable, Equatable {
        package var filters, kernelSize, channels: Int
        package var weights: [Float]
    }

    package var key: String
    package var run: TrainingRun
    /// The first conv layer's learned kernels; nil for a model without convolutions.
    package var firstLayerFilters: Filters?
    package var confusion: [[Int]]
    package var perClassAccuracy: [Double]
    package var mistakes: [Mistake]
    /// How this run came about in this invocation: trained now, or reused from the cache.
    package var reused: Bool

    package init(
        key: String, run: TrainingRun, firstLayerFilters: Filters?, confusion: [[Int]], perClassAccuracy: [Double],
        mistakes: [Mistake], reused: Bool
    ) {
        (self.key, self.run, self.firstLayerFilters, self.confusion) = (key, run, firstLayerFilters, confusion)
        (self.perClassAccuracy, self.mistakes, self.reused) = (perClassAccuracy, mistakes, reused)
    }

    package var testAccuracy: Double { run.final?.testAccuracy ?? .nan }
    package var meanEpochSeconds: Double {
        run.epochs.map(\.trainingSeconds).reduce(0, +) / Double(max(run.epochs.count, 1))
    }
}

/// Where the data came from, exactly.
package struct DataProvenance: Codable, Sendable, Equatable {
    /// The folder as the user named it, relative to the working directory where it can be.
    package var directory: String
    package var source: String
    package var md5: [String: String]
    /// Files that are not the official release's, used because the user said so; nil when none.
    package var modifiedFiles: [ModifiedFile]?

    package init(directory: String, source: String, md5: [String: String], modifiedFiles: [ModifiedFile]? = nil) {
        (self.directory, self.source, self.md5) = (directory, source, md5)
        self.modifiedFiles = modifiedFiles?.isEmpty == false ? modifiedFiles : nil
    }

    /// Names the data as `current` does when both are the same bytes, so that a report rendered
    /// again shows the folder as this command names it, not a path of the machine that ran it.
    package mutating func name(as current: DataProvenance) {
        if md5 == current.md5 { directory = current.directory }
    }

    /// The record of a loaded data set: its files' MD5s (taken as they were read; computed here
    /// for data that did not come from files), `path` as the report should name its folder.
    package init(
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
package struct StudyEnvironment: Codable, Sendable, Equatable {
    package var convlabVersion: String
    package var swift: String
    package var operatingSystem: String
    package var processor: String
    package var cores: Int
    package var gemm: String
    package var command: String
    package var startedAt: Date
    package var wallSeconds: Double
    /// Peak resident memory of the process; nil where the platform does not say.
    package var peakMemoryMB: Double?

    package static let convlabVersion = "0.1.0"
}

/// Everything a study measured: what its report is written from, with the parts of the study
/// file that say what the report holds (its claims, optional sections and the author's discussion),
/// so that a report can be rendered again from these results alone.
package struct StudyResults: Codable, Sendable, Equatable {
    package var title: String
    package var question: String
    /// A `--quick` run (`QuickStudy`): a subset of the data, few epochs and seeds.
    package var quick: Bool
    package var data: DataProvenance
    /// The data set's statistics, when the report has a data section.
    package var statistics: DatasetStatistics?
    package var models: [ModelDescription]
    package var runs: [RunRecord]
    package var experiments: [ExperimentResult]
    /// The probes the study file asks for; nil when it asks for none.
    package var probes: StudyProbes?
    package var claims: [ClaimDefinition]
    package var report: ReportSelection
    /// The models the walk-through sections show (the study's featured models), in order.
    package var featured: [StudyModel]
    package var discussion: [String]
    /// How the study's comparisons were adjusted as a family.
    package var correction: Correction
    /// Which accuracy of a run the comparisons use.
    package var endPoint: EndPoint = .final
    /// How many looks the study's seed rounds tested at (one for fixed seeds).
    package var looks: Int = 1
    /// What test-time augmentation adds to each model trained with it; nil when none is.
    package var augmentationEffects: [AugmentationEffect]?
    /// Every layer type the study uses, gradient-checked when the study ran.
    package var engineChecks: [EngineCheck]
    /// Each model's validation loss before its first step, over its (unpermuted) runs.
    package var initialLosses: [InitialLoss]
    package var environment: StudyEnvironment
    /// What the numbers say (`Findings`), computed anew whenever the report is rendered.
    package var findings: Findings?

    package func description(_ model: StudyModel) -> ModelDescription? { models.first { $0.model == model } }
    /// A model's title as the study file gives it.
    package func title(_ model: StudyModel) -> String { description(model)?.title ?? model.rawValue }
    /// A model's label, short enough for a chart.
    package func label(_ model: StudyModel) -> String { description(model)?.label ?? model.rawValue }
    /// The runs of `model` on the images as they are (the permutation probe's runs are apart).
    package func runs(_ model: StudyModel) -> [RunRecord] { runs.of(model) }
    package func lowestSeedRun(_ model: StudyModel) -> RunRecord? { runs.lowestSeedRun(model) }
    /// Every run's training time as it was trained (whichever command trained it).
    package var trainingSeconds: Double { runs.reduce(0) { $0 + $1.run.totalSeconds } }

    /// The results with their findings computed anew from the numbers (the analysis may have
    /// changed since they were stored).
    package func withFindings() -> StudyResults {
        var copy = self
        copy.findings = Findings(self)
        return copy
    }
}

extension Array where Element == RunRecord {
    /// The runs of `model` on the images as they are, or on the pixel-permuted ones.
    package func of(_ model: StudyModel, permuted: Bool = false) -> [RunRecord] {
        filter { $0.run.configuration.model == model && $0.run.configuration.isPermuted == permuted }
    }

    /// The runs of `model` on the images as they are, lowest seed first.
    package func bySeed(_ model: StudyModel) -> [RunRecord] {
        of(model).sorted { $0.run.configuration.seed < $1.run.configuration.seed }
    }

    /// The lowest-seed run of `model` on the images as they are: the one single-run comparisons show.
    package func lowestSeedRun(_ model: StudyModel) -> RunRecord? { bySeed(model).first }
}

extension RunRecord.Filters {
    /// The first Conv2D's kernels, nil for a model without one.
    package init?(firstConvolutionOf model: Sequential<Float>) {
        guard let conv = model.layers.lazy.compactMap({ $0 as? Conv2D<Float> }).first else { return nil }
        let shape = conv.weight.value.shape  // (F, k, k, C)
        self.init(filters: shape[0], kernelSize: shape[1], channels: shape[3], weights: conv.weight.value.values)
    }
}

extension StudyResults {
    enum CodingKeys: String, CodingKey {
        case title, question, quick, data, statistics, models, runs, experiments, probes, claims, report, featured
        case discussion, correction, endPoint, looks, augmentationEffects, engineChecks, initialLosses, environment
        case findings
    }

    /// Reads every measured number as stored, and what is derived from them (experiments, findings)
    /// only if it still has today's shape: it is computed anew on every render, so results stored
    /// by an earlier version of the analysis must not stop them from rendering.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decode(String.self, forKey: .title)
        question = try c.decode(String.self, forKey: .question)
        quick = try c.decode(Bool.self, forKey: .quick)
        data = try c.decode(DataProvenance.self, forKey: .data)
        statistics = try c.decodeIfPresent(DatasetStatistics.self, forKey: .statistics)
        models = try c.decode([ModelDescription].self, forKey: .models)
        runs = try c.decode([RunRecord].self, forKey: .runs)
        // What the analysis derives from the runs and the study file (`analysed(by:)`) is read
        // leniently: results of an earlier version of ConvLab render again once re-analysed.
        experiments = (try? c.decodeIfPresent([ExperimentResult].self, forKey: .experiments)) ?? []
        probes = try c.decodeIfPresent(StudyProbes.self, forKey: .probes)
        claims = (try? c.decodeIfPresent([ClaimDefinition].self, forKey: .claims)) ?? []
        report = (try? c.decodeIfPresent(ReportSelection.self, forKey: .report)) ?? ReportSelection()
        featured = (try? c.decodeIfPresent([StudyModel].self, forKey: .featured)) ?? []
        discussion = (try? c.decodeIfPresent([String].self, forKey: .discussion)) ?? []
        correction = (try? c.decodeIfPresent(Correction.self, forKey: .correction)) ?? .holm
        endPoint = (try? c.decodeIfPresent(EndPoint.self, forKey: .endPoint)) ?? .final
        looks = (try? c.decodeIfPresent(Int.self, forKey: .looks)) ?? 1
        augmentationEffects = try? c.decodeIfPresent([AugmentationEffect].self, forKey: .augmentationEffects)
        engineChecks = try c.decode([EngineCheck].self, forKey: .engineChecks)
        initialLosses = try c.decode([InitialLoss].self, forKey: .initialLosses)
        environment = try c.decode(StudyEnvironment.self, forKey: .environment)
        findings = try? c.decodeIfPresent(Findings.self, forKey: .findings)
    }
}
