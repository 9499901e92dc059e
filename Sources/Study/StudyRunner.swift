import CIFAR
import Foundation
import NeuralNet

/// Runs the study in order — data, statistics, every training run (from the cache when it has
/// them), the kernel experiment — and returns the results the report is written from.
public struct StudyRunner {
    public let options: StudyOptions
    public let data: CIFAR10
    public let provenance: DataProvenance
    public let cache: RunCache
    /// How the networks compute (recorded in each run; not part of the cache keys).
    public var engine = EngineOptions.fastest
    public var log: (String) -> Void = { print($0) }
    public var progress: (TrainingConfiguration, TrainingProgress) -> Void = { _, _ in }

    public init(options: StudyOptions, data: CIFAR10, provenance: DataProvenance, cacheRoot: URL) {
        self.options = options
        self.data = data
        self.provenance = provenance
        cache = RunCache(root: cacheRoot, dataFingerprint: RunCache.fingerprint(provenance.md5))
    }

    public init(options: StudyOptions, data: CIFAR10, source: DataLocator.Source, cacheRoot: URL) throws {
        self.init(
            options: options, data: data, provenance: try DataProvenance(data: data, source: source),
            cacheRoot: cacheRoot)
    }

    public func run(command: String) throws -> StudyResults {
        let started = Date()
        log("data: \(data.training.count) training and \(data.test.count) test images from \(provenance.directory)")
        let statistics = DatasetStatistics(data)
        let planned = Set(options.plan.map(\.model))
        let models = try StudyModel.allCases.filter(planned.contains).map { m in
            ModelDescription(
                model: m, title: m.title, layers: try m.architecture.summary(),
                parameters: try m.architecture.parameterCount(),
                multiplyAccumulates: try m.architecture.multiplyAccumulates())
        }
        var records: [RunRecord] = []
        for (i, configuration) in options.plan.enumerated() {
            records.append(try record(for: configuration, label: "run \(i + 1)/\(options.plan.count)"))
        }
        let experiment = KernelExperiment(cnn3: records.of(.cnn3), cnn5: records.of(.cnn5))
        let bias = try measureInductiveBias(records: records, models: models)
        let environment = StudyEnvironment.current(
            command: command, startedAt: started, wallSeconds: Date().timeIntervalSince(started))
        return StudyResults(
            options: options, data: provenance, statistics: statistics, models: models, runs: records,
            experiment: experiment, inductiveBias: bias, environment: environment
        ).withFindings()
    }

    /// A run from the cache, or trained now and stored.
    func record(for configuration: TrainingConfiguration, label: String) throws -> RunRecord {
        let data =
            configuration.pixelPermutationSeed.map { self.data.permutingPixels(PixelPermutation(seed: $0)) }
            ?? self.data
        var observer = RunCache.Observer()
        observer.log = { log("\(label): \($0)") }
        observer.progress = { progress(configuration, $0) }
        observer.epoch = { m in
            log(
                String(
                    format: "  epoch %2d  loss %.4f  train %.4f  val %.4f  test %.4f  %.1f s  %.0f img/s",
                    m.epoch, m.trainingLoss, m.trainingAccuracy, m.validationAccuracy, m.testAccuracy,
                    m.trainingSeconds, m.imagesPerSecond))
        }
        let (entry, reused) = try cache.run(configuration, data: data, engine: engine, observer: observer)
        return Self.record(
            key: cache.key(for: configuration), entry.run, entry.predictions,
            filters: .init(firstConvolutionOf: entry.model), reused: reused)
    }

    static func record(
        key: String, _ run: TrainingRun, _ predictions: TestPredictions, filters: RunRecord.Filters?, reused: Bool
    ) -> RunRecord {
        let classes =
            run.architecture.layers.last.flatMap { if case .dense(let units) = $0 { units } else { nil } } ?? 10
        return RunRecord(
            key: key, run: run, firstLayerFilters: filters, confusion: predictions.confusion(classes: classes),
            perClassAccuracy: predictions.perClassAccuracy(classes: classes),
            mistakes: predictions.confidentMistakes(12).map {
                .init(
                    index: $0, label: predictions.labels[$0], predicted: predictions.predicted[$0],
                    confidence: predictions.confidence[$0])
            }, reused: reused)
    }
}
