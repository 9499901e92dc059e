/// Every judgement the report states, with the numbers behind it: computed here from the
/// results, stored in results.json beside them, and only put into words by the report.
public struct Findings: Codable, Sendable, Equatable {
    /// The CNN against the MLP (seed 0 of each); nil without both.
    public var headline: Headline?
    /// The lab's models' training curves (seed 0), in `StudyModel.lab` order.
    public var training: [TrainingFinding]
    /// Per-class gains of the CNN over the MLP (seed 0); nil without both.
    public var classes: ClassFindings?
    public var costs: CostFindings
    public var kernel: KernelFinding
    public var probes: ProbeFindings?
    /// The lab's claims, each against the experiment that tests it; nil without the probes.
    public var claims: ClaimFindings?
    /// Each engine the CNN runs were trained on, with how many runs.
    public var convolutionEngines: [EngineCount]

    public struct EngineCount: Codable, Sendable, Equatable {
        public var engine: String
        public var runs: Int
    }

    public init(_ results: StudyResults) {
        let mlp = results.lowestSeedRun(.mlp)
        let cnn3 = results.lowestSeedRun(.cnn3)
        headline = Headline(cnn: cnn3, mlp: mlp, models: results.models)
        training = StudyModel.lab.compactMap { m in results.lowestSeedRun(m).flatMap { TrainingFinding(model: m, $0) } }
        classes = ClassFindings(cnn: cnn3, mlp: mlp)
        let costs = CostFindings(results.models)
        let kernel = KernelFinding(results.experiment, costs: costs)
        let probes = results.inductiveBias.map { ProbeFindings($0, chance: results.statistics.chance) }
        (self.costs, self.kernel, self.probes) = (costs, kernel, probes)
        claims = probes.map { ClaimFindings(probes: $0, kernel: kernel) }
        let cnnRuns = results.runs.filter { $0.run.architecture.layers.contains { $0.kind == .conv2d } }
        let engines = Dictionary(grouping: cnnRuns, by: { $0.run.convolutions ?? EngineCount.unrecorded })
        convolutionEngines = engines.sorted { $0.key < $1.key }.map {
            EngineCount(engine: $0.key, runs: $0.value.count)
        }
    }
}

extension Findings.EngineCount {
    public static let unrecorded = "not recorded (trained before ConvLab recorded it)"
}

extension DatasetStatistics {
    /// The accuracy of guessing: one over the number of classes.
    public var chance: Double { 1 / Double(max(classNames.count, 1)) }
    /// Every class has as many images as every other, in training and in test.
    public var isBalanced: Bool { Set(trainingClassCounts).count == 1 && Set(testClassCounts).count == 1 }
}

extension StudyResults {
    /// The results with their findings computed anew from the numbers (the analysis may have
    /// changed since they were stored).
    public func withFindings() -> StudyResults {
        var copy = self
        copy.findings = Findings(self)
        return copy
    }
}
