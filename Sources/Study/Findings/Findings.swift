/// Every judgement the report states, with the numbers behind it: computed here from the
/// results, stored in results.json beside them, and only put into words by the report.
package struct Findings: Codable, Sendable, Equatable {
    /// Each featured model's training, its lowest-seed run.
    package var training: [TrainingFinding]
    /// The lead comparison (the first experiment's first compared model against its baseline),
    /// class by class, lowest seeds; nil without it.
    package var classes: ClassFindings?
    /// Where each featured model's parameters and arithmetic are.
    package var anatomy: [ModelAnatomy]
    /// Every model's size against its accuracy over its seeds.
    package var sizeAccuracy: SizeAccuracy
    package var probes: ProbeFindings?
    /// The study file's claims, each judged.
    package var claims: [ClaimFinding]
    /// Each engine the convolutional runs were trained on, with how many runs.
    package var convolutionEngines: [EngineCount]
    /// Each thread count the runs computed with (`TrainingConfiguration.computeThreads`, as text),
    /// with how many runs.
    package var computeThreads: [EngineCount]
    /// The run the study deploys: the one with the best validation accuracy (the test set stays
    /// out of the choice); nil without runs.
    package var deployed: String?

    package struct EngineCount: Codable, Sendable, Equatable {
        package var engine: String
        package var runs: Int
    }

    package init(_ results: StudyResults) {
        let featured = results.featured.compactMap(results.description)
        training = featured.compactMap { results.lowestSeedRun($0.model).flatMap(TrainingFinding.init) }
        if let lead = results.experiments.first, let compared = lead.comparisons.first?.model {
            classes = ClassFindings(results.lowestSeedRun(compared), against: results.lowestSeedRun(lead.baseline))
        }
        anatomy = featured.first.map { reference in featured.map { ModelAnatomy($0, reference: reference) } } ?? []
        sizeAccuracy = SizeAccuracy(results.models, runs: results.runs)
        let probes = results.probes.map { ProbeFindings($0, chance: results.chance) }
        self.probes = probes
        claims = results.claims.map { ClaimFinding($0, results: results, probes: probes) }
        let convolutional = results.runs.filter { $0.run.architecture.layers.contains { $0.kind == .conv2d } }
        let engines = Dictionary(grouping: convolutional, by: { $0.run.convolutions ?? EngineCount.unrecorded })
        convolutionEngines = engines.sorted { $0.key < $1.key }.map {
            EngineCount(engine: $0.key, runs: $0.value.count)
        }
        let threads = Dictionary(grouping: results.runs) {
            $0.run.configuration.computeThreads.map(String.init) ?? EngineCount.unrecorded
        }
        computeThreads = threads.sorted { $0.key < $1.key }.map { EngineCount(engine: $0.key, runs: $0.value.count) }
        deployed =
            results.runs.filter { !$0.run.configuration.isPermuted }
            .max { $0.validationAccuracy < $1.validationAccuracy }?.key
    }
}

extension Findings.EngineCount {
    package static let unrecorded = "not recorded (trained before ConvLab recorded it)"
}

extension StudyResults {
    /// The accuracy of guessing: one over the number of classes (CIFAR-10's ten without statistics).
    package var chance: Double { 1 / Double(max(statistics?.classNames.count ?? 10, 1)) }
}

extension DatasetStatistics {
    /// Every class has as many images as every other, in training and in test.
    package var isBalanced: Bool { Set(trainingClassCounts).count == 1 && Set(testClassCounts).count == 1 }
    /// The accuracy of guessing: one over the number of classes.
    package var chance: Double { 1 / Double(max(classNames.count, 1)) }
}

extension RunRecord {
    /// The kept model's validation accuracy (the last epoch's, or with early stopping the best's).
    package var validationAccuracy: Double { run.final?.validationAccuracy ?? -.infinity }
}
