import CIFAR
import Foundation
import NeuralNet
import Testing

@testable import Study

/// The verdicts follow the numbers: `Findings` built from made-up results, each verdict flipping
/// as its numbers cross the threshold that decides it.
@Suite struct FindingsTests {
    static let classes = (0..<10).map { "class \($0)" }

    func record(
        _ model: StudyModel, seed: UInt64 = 0, accuracy: Double, permuted: Bool = false,
        trainingAccuracy: Double? = nil
    ) -> RunRecord {
        let epoch = EpochMetrics(
            epoch: 1, trainingLoss: 1, trainingAccuracy: trainingAccuracy ?? accuracy, validationLoss: 1,
            validationAccuracy: accuracy, testLoss: 1, testAccuracy: accuracy, trainingSeconds: 1,
            imagesPerSecond: 1, evaluationSeconds: 1)
        let configuration = TrainingConfiguration(
            model: model.builtIn!, epochs: 1, seed: seed, pixelPermutationSeed: permuted ? 1 : nil)
        let run = TrainingRun(
            configuration: configuration, architecture: configuration.architecture, parameterCount: 0,
            trainingCount: 100,
            validationCount: 10, testCount: 100, epochs: [epoch], totalSeconds: 1)
        let diagonal = (0..<10).map { t in (0..<10).map { p in t == p ? 10 : t == 3 && p == 5 ? 4 : 0 } }
        return RunRecord(
            key: "\(model.rawValue)-\(seed)", run: run, firstLayerFilters: nil, confusion: diagonal,
            perClassAccuracy: (0..<10).map { accuracy + Double($0) / 100 }, mistakes: [], reused: false)
    }

    func runs(_ model: StudyModel, _ accuracies: [Double], permuted: Bool = false) -> [RunRecord] {
        accuracies.enumerated().map { record(model, seed: UInt64($0), accuracy: $1, permuted: permuted) }
    }

    func results(
        mlp: [Double] = [0.47, 0.48, 0.46], cnn3: [Double] = [0.70, 0.705, 0.695], cnn5: [Double],
        bias: InductiveBias? = nil
    ) throws -> StudyResults {
        let images = ImageSet(
            pixels: [UInt8](repeating: 0, count: 10 * ImageSet.bytesPerImage), labels: (0..<10).map(UInt8.init))
        let data = CIFAR10(
            directory: URL(fileURLWithPath: "/synthetic"), classNames: Self.classes, training: images, test: images)
        let records = runs(.mlp, mlp) + runs(.cnn3, cnn3) + runs(.cnn5, cnn5)
        return StudyResults(
            options: StudyOptions(), data: DataProvenance(directory: "d", source: "option", md5: [:]),
            statistics: DatasetStatistics(data), models: try models(), runs: records,
            experiment: KernelExperiment(cnn3: records.of(.cnn3), cnn5: records.of(.cnn5)), inductiveBias: bias,
            environment: StudyEnvironment.current(command: "test", startedAt: Date(), wallSeconds: 1))
    }

    func models(cnnParameters: Int? = nil) throws -> [ModelDescription] {
        try ModelDefinition.builtIn.map { m in
            let parameters = try m.architecture.parameterCount()
            return ModelDescription(
                model: m.model, title: m.title, layers: try m.architecture.summary(),
                parameters: m.model == .cnn3 ? cnnParameters ?? parameters : parameters,
                multiplyAccumulates: try m.architecture.multiplyAccumulates())
        }
    }

    @Test func comparisonIsBetterWorseOrNoiseByWelch() {
        let base = SampleSummary([0.700, 0.705, 0.695])
        #expect(Comparison(SampleSummary([0.750, 0.755, 0.745]), base).verdict == .better)
        #expect(Comparison(SampleSummary([0.650, 0.655, 0.645]), base).verdict == .worse)
        #expect(Comparison(SampleSummary([0.701, 0.712, 0.690]), base).verdict == .indistinguishable)
        #expect(Comparison(SampleSummary([0.75]), base).verdict == .untestable)
    }

    @Test func kernelVerdictFlipsWhenFiveByFiveGetsBetterBeyondTheNoise() throws {
        let level = Findings(try results(cnn5: [0.702, 0.699, 0.697]))
        #expect(level.kernel.comparison.verdict == .indistinguishable)
        let better = Findings(try results(cnn5: [0.75, 0.755, 0.745]))
        #expect(better.kernel.comparison.verdict == .better)
        #expect(better.kernel.fiveIsAhead)
        let worse = Findings(try results(cnn5: [0.65, 0.655, 0.645]))
        #expect(worse.kernel.comparison.verdict == .worse)
        #expect(!worse.kernel.fiveIsAhead)
    }

    @Test func overfittingIsAGapAboveFivePoints() {
        #expect(TrainingFinding.fit(gap: 0.051) == .overfitting)
        #expect(TrainingFinding.fit(gap: 0.049) == .slightlyAbove)
        #expect(TrainingFinding.fit(gap: -0.01) == .below)
        let finding = TrainingFinding(model: .cnn3, record(.cnn3, accuracy: 0.70, trainingAccuracy: 0.80))
        #expect(finding?.fit == .overfitting)
        #expect(abs((finding?.gap ?? 0) - 0.10) < 1e-12)
    }

    @Test func classFindingsNameTheLargestGainAndTheCommonestConfusion() throws {
        let f = try #require(Findings(try results(cnn5: [0.7, 0.7, 0.7])).classes)
        #expect(f.mostConfused.trueClass == 3 && f.mostConfused.predictedClass == 5 && f.mostConfused.count == 4)
        #expect(f.mostConfused.ofImages == 14)
    }

    /// The probes with a translation curve for each model and fill, the permutation probe's runs
    /// and the ablation table.
    func bias(
        cnnKept: Double, mlpKept: Double, cnnPermuted: [Double], cnnParameters: Int? = nil
    ) throws -> InductiveBias {
        let chance = 0.1
        func curve(_ m: StudyModel, _ fill: ShiftFill, start: Double, kept: Double) -> TranslationProbe.Curve {
            TranslationProbe.Curve(
                model: m, fill: fill, accuracy: (0...8).map { $0 == 0 ? start : chance + kept * (start - chance) })
        }
        let curves = ShiftFill.allCases.flatMap { f in
            [curve(.mlp, f, start: 0.47, kept: mlpKept), curve(.cnn3, f, start: 0.70, kept: cnnKept)]
        }
        let original: [StudyModel: [RunRecord]] = [
            .mlp: runs(.mlp, [0.47, 0.48, 0.46]), .cnn3: runs(.cnn3, [0.70, 0.705, 0.695]),
        ]
        let permuted: [StudyModel: [RunRecord]] = [
            .mlp: runs(.mlp, [0.475, 0.478, 0.465], permuted: true),
            .cnn3: runs(.cnn3, cnnPermuted, permuted: true),
        ]
        return InductiveBias(
            translation: TranslationProbe(shifts: Array(0...8), testCount: 100, curves: curves),
            permutation: PermutationProbe(permutationSeed: 1, original: original, permuted: permuted),
            ablation: AblationTable(models: try models(cnnParameters: cnnParameters), runs: { original[$0] ?? [] }),
            receptiveFields: [],
            featureMaps: FeatureMaps(model: .cnn3, images: [], labels: [], predicted: [], layers: []))
    }

    @Test func translationClaimTurnsOnHowMuchTheCNNKeeps() throws {
        func verdict(cnn: Double, mlp: Double) throws -> ClaimFindings.Verdict? {
            Findings(
                try results(
                    cnn5: [0.7, 0.7, 0.7], bias: try bias(cnnKept: cnn, mlpKept: mlp, cnnPermuted: [0.5, 0.51, 0.52]))
            )
            .claims?.translation
        }
        #expect(try verdict(cnn: 0.95, mlp: 0.5) == .supported)
        #expect(try verdict(cnn: 0.85, mlp: 0.5) == .partly)
        #expect(try verdict(cnn: 0.4, mlp: 0.5) == .notSupported)
    }

    @Test func localityClaimNeedsTheCNNToLoseBeyondTheNoise() throws {
        func claims(_ permuted: [Double]) throws -> ClaimFindings? {
            Findings(
                try results(cnn5: [0.7, 0.7, 0.7], bias: try bias(cnnKept: 0.8, mlpKept: 0.5, cnnPermuted: permuted))
            ).claims
        }
        #expect(try claims([0.50, 0.51, 0.52])?.locality == .supported)
        #expect(try claims([0.69, 0.71, 0.70])?.locality == .notSupported)
    }

    @Test func cnnBeatsMLPIsUntestedWhenTheCNNHasMoreParameters() throws {
        let fewer = Findings(
            try results(
                cnn5: [0.7, 0.7, 0.7], bias: try bias(cnnKept: 0.8, mlpKept: 0.5, cnnPermuted: [0.5, 0.51, 0.52])))
        #expect(fewer.claims?.cnnBeatsMLP == .supported)
        let more = Findings(
            try results(
                cnn5: [0.7, 0.7, 0.7],
                bias: try bias(
                    cnnKept: 0.8, mlpKept: 0.5, cnnPermuted: [0.5, 0.51, 0.52],
                    cnnParameters: 10_000_000)))
        #expect(more.claims?.cnnBeatsMLP == .notTested)
    }

    /// Findings stored by an earlier version of the analysis do not stop the results from reading:
    /// the numbers read as stored and the findings are computed anew.
    @Test func staleFindingsAreDroppedNotFatal() throws {
        let results = try results(cnn5: [0.7, 0.71, 0.69]).withFindings()
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(results)) as! [String: Any]
        json["findings"] = ["costs": ["an old field": 1]]
        let decoded = try JSONDecoder().decode(StudyResults.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded.findings == nil)
        #expect(decoded.runs == results.runs && decoded.experiment == results.experiment)
        #expect(decoded.withFindings().findings == results.findings)
    }
}
