import CIFAR
import Foundation
import NeuralNet

/// Runs a study — every training run of its plan (from the cache when it has them), its
/// experiments, probes and checks — and returns the results its report is written from.
package struct StudyRunner {
    package let definition: StudyDefinition
    /// A `--quick` run: the plan trimmed as `QuickStudy` says.
    package let quick: Bool
    /// The OpenMP threads each run computes with: part of its configuration and cache key.
    package let threads: Int
    /// Every training run of the study, in order.
    package let plan: [TrainingConfiguration]
    package let data: CIFAR10
    package let provenance: DataProvenance
    package let cache: RunCache
    /// How the networks compute (recorded in each run; not part of the cache keys).
    package var engine = EngineOptions.fastest
    /// Runs this command had trained by other processes (`--jobs` workers) before `run`: the
    /// report counts them as trained now, not read from an earlier command's cache.
    package var trainedByWorkers: Set<String> = []
    package var log: (String) -> Void = { print($0) }
    package var progress: (TrainingConfiguration, TrainingProgress) -> Void = { _, _ in }

    package init(
        definition: StudyDefinition, quick: Bool, threads: Int, data: CIFAR10, provenance: DataProvenance,
        cacheRoot: URL
    ) {
        var definition = definition
        if quick {  // a quick run trims the images it has: fewer than QuickStudy's on a small data set
            definition.data.trainingLimit = min(definition.data.trainingLimit ?? .max, data.training.count)
        }
        (self.definition, self.quick, self.threads, self.data) = (definition, quick, threads, data)
        self.provenance = provenance
        let cache = RunCache(root: cacheRoot, dataFingerprint: RunCache.fingerprint(provenance.md5))
        plan = definition.plan(quick: quick, threads: threads, trained: cache.finishedRun(for:))
        self.cache = cache
    }

    /// The runner with its plan made again from the run cache as it is now: under a seed budget,
    /// the runs trained since may have opened another round.
    package func replanned() -> StudyRunner {
        var copy = StudyRunner(
            definition: definition, quick: quick, threads: threads, data: data, provenance: provenance,
            cacheRoot: cache.root)
        (copy.engine, copy.log, copy.progress, copy.trainedByWorkers) = (engine, log, progress, trainedByWorkers)
        return copy
    }

    /// Trains (or reads from the cache) every run of the plan, then measures the probes and, when
    /// the report has a data section, the data set, and analyses the runs (`analysed(by:)`).
    package func run(command: String) throws -> StudyResults {
        let started = Date()
        log("data: \(data.training.count) training and \(data.test.count) test images from \(provenance.directory)")
        var records = try trainOrRead(plan)
        var plan = plan
        var trainedNow = Set(records.filter { !$0.reused }.map(\.key)).union(trainedByWorkers)
        while true {  // a seed budget's rounds: train the seeds the runs so far leave open
            let next = definition.plan(quick: quick, threads: threads) { c in
                records.first { $0.run.configuration == c }?.run
            }
            guard next != plan else { break }
            log("seed budget: another round, \(next.count - plan.count) more runs")
            (plan, records) = (next, try trainOrRead(next))
            trainedNow.formUnion(records.filter { !$0.reused }.map(\.key))
        }
        for i in records.indices where trainedNow.contains(records[i].key) { records[i].reused = false }
        let models = try modelDescriptions(plan)
        let probes = try measureProbes(definition.probes, records: records)
        let checks = checkedLayerTypes()
        return StudyResults(
            title: definition.title, question: definition.question, quick: quick, data: provenance,
            statistics: definition.report.has(.data) ? DatasetStatistics(data) : nil, models: models,
            runs: records, experiments: [], probes: probes, claims: [], report: ReportSelection(), featured: [],
            discussion: [], correction: definition.correction, engineChecks: checks,
            initialLosses: models.map { InitialLoss($0.model, records: records) },
            environment: StudyEnvironment.current(
                command: command, startedAt: started, wallSeconds: Date().timeIntervalSince(started))
        ).analysed(by: definition)
    }

    /// Every layer type the plan's models use, gradient-checked now (`EngineCheck`).
    func checkedLayerTypes() -> [EngineCheck] {
        log("checking the gradients of every layer type the study uses")
        return EngineCheck.run(Set(plan.flatMap { $0.architecture.layers.map(\.kind) }))
    }

    /// Each planned model's layers, parameters and cost, once, in plan order.
    func modelDescriptions(_ plan: [TrainingConfiguration]) throws -> [ModelDescription] {
        var described: Set<StudyModel> = []
        return try plan.filter { described.insert($0.model).inserted }.map { c in
            let defined = definition.model(named: c.model.rawValue)
            return ModelDescription(
                model: c.model, title: defined?.title ?? c.model.rawValue, label: defined?.label ?? c.model.rawValue,
                inputShape: c.architecture.inputShape, layers: try c.architecture.summary(),
                parameters: try c.architecture.parameterCount(),
                multiplyAccumulates: try c.architecture.multiplyAccumulates())
        }
    }

    /// The planned runs with where each stands in the cache.
    package func planned() -> [(key: String, configuration: TrainingConfiguration, state: RunState)] {
        plan.map { (cache.key(for: $0), $0, cache.state(of: $0)) }
    }

    /// A run's estimated work, for progress and ETAs: multiply-accumulates per image × training
    /// images × epochs (a backward pass costs about twice a forward one for every model alike).
    package func estimatedWork(of configuration: TrainingConfiguration) -> Double {
        let macs = (try? configuration.architecture.multiplyAccumulates()) ?? 0
        let images = min(configuration.trainingLimit ?? data.training.count, data.training.count)
        return Double(macs) * Double(max(images - configuration.validationCount, 1)) * Double(configuration.epochs)
    }

    /// Trains the planned run with this key into the cache (at once when it is there already;
    /// resuming when it was interrupted; waiting when another process trains it).
    package func runOne(key: String) throws -> RunRecord {
        guard let index = plan.firstIndex(where: { cache.key(for: $0) == key }) else {
            throw StudyError(
                "no run \(key) in this study's plan; `report plan` lists its keys (with the same --study, "
                    + "--epochs, --seeds, --quick and data as the study)")
        }
        let label = "run \(index + 1)/\(plan.count)"
        guard let record = try record(for: plan[index], label: label, waitForOthers: true) else {
            throw StudyError("run \(key) was neither trained nor read")  // waiting never passes a run over
        }
        return record
    }

    /// Every planned run, from the cache or trained now. A run another process is training is
    /// passed over and read when that process is done, so several processes (or `report run` on a
    /// cluster) share a study's runs, each trained once.
    func trainOrRead(_ plan: [TrainingConfiguration]) throws -> [RunRecord] {
        var records = [RunRecord?](repeating: nil, count: plan.count)
        for waitForOthers in [false, true] {
            for (i, configuration) in plan.enumerated() where records[i] == nil {
                records[i] = try record(
                    for: configuration, label: "run \(i + 1)/\(plan.count)", waitForOthers: waitForOthers)
            }
        }
        return records.compactMap { $0 }
    }

    /// A run from the cache, or trained now and stored; nil when another process is training it
    /// and `waitForOthers` is false.
    func record(for configuration: TrainingConfiguration, label: String, waitForOthers: Bool) throws -> RunRecord? {
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
        let found =
            waitForOthers
            ? try cache.run(configuration, data: data, engine: engine, observer: observer)
            : try cache.runUnlessTaken(configuration, data: data, engine: engine, observer: observer)
        guard let (entry, reused) = found else {
            log("\(label): \(cache.name(of: configuration)) is being trained by another process; coming back to it")
            return nil
        }
        return Self.record(
            key: cache.key(for: configuration), entry.run, entry.predictions,
            filters: .init(firstConvolutionOf: entry.model), reused: reused)
    }

    static func record(
        key: String, _ run: TrainingRun, _ predictions: TestPredictions, filters: RunRecord.Filters?, reused: Bool
    ) -> RunRecord {
        let classes =
            run.architecture.layers.last.flatMap { if case .dense(let units, _) = $0 { units } else { nil } } ?? 10
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
