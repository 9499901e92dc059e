import Foundation

/// What a study file's run measured: every number its report is written from.
public struct StudyFileResults: Codable, Sendable, Equatable {
    public var title: String
    public var question: String
    public var quick: Bool
    public var data: DataProvenance
    public var models: [ModelDescription]
    public var runs: [RunRecord]
    public var experiments: [ExperimentResult]
    /// Every layer type the study uses, gradient-checked when the report was made.
    public var engineChecks: [EngineCheck]
    /// Each model's validation loss before its first step, over its (unpermuted) runs.
    public var initialLosses: [InitialLoss]
    /// The probes the study file asks for; nil when it asks for none.
    public var probes: StudyProbes?
    public var environment: StudyEnvironment

    public func description(_ model: StudyModel) -> ModelDescription? { models.first { $0.model == model } }
    /// Every run's training time as it was trained (whichever command trained it).
    public var trainingSeconds: Double { runs.reduce(0) { $0 + $1.run.totalSeconds } }
}

/// Where a model's loss started, against ln 10: the cross-entropy of a network that favours no class.
public struct InitialLoss: Codable, Sendable, Equatable {
    public var model: StudyModel
    /// Over the runs that recorded it (runs cached before ConvLab recorded it have none).
    public var loss: SampleSummary
    public var runs: Int
    public var minusLn10: Double { loss.mean - Foundation.log(10.0) }

    public init(_ model: StudyModel, records: [RunRecord]) {
        let runs = records.filter { $0.run.configuration.model == model && !$0.run.configuration.isPermuted }
        self.model = model
        loss = SampleSummary(runs.compactMap(\.run.initialLoss))
        self.runs = runs.count
    }
}

extension StudyRunner {
    /// Trains (or reads from the cache) every run of the study file's plan and measures each of
    /// its experiments. Needs a runner made with `init(definition:…)`.
    public func runStudyFile(command: String) throws -> StudyFileResults {
        guard let definition else { throw StudyError("the runner has no study file's study to run") }
        let started = Date()
        log("data: \(data.training.count) training and \(data.test.count) test images from \(provenance.directory)")
        let models = try modelDescriptions()
        let records = try trainOrRead(plan)
        let experiments = definition.experiments.map { ExperimentResult($0, models: models, records: records) }
        let probes = try measureProbes(definition.probes, records: records)
        let checks = checkedLayerTypes()
        return StudyFileResults(
            title: definition.title, question: definition.question, quick: options.quick, data: provenance,
            models: models, runs: records, experiments: experiments, engineChecks: checks,
            initialLosses: models.map { InitialLoss($0.model, records: records) }, probes: probes,
            environment: StudyEnvironment.current(
                command: command, startedAt: started, wallSeconds: Date().timeIntervalSince(started)))
    }
}
