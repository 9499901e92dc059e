import CIFAR
import ConvLabTestSupport
import Foundation
import NeuralNet
import Testing

@testable import Study

/// The verdicts follow the numbers: `Findings` built from made-up results, each verdict flipping
/// as its numbers cross the threshold that decides it.
@Suite struct FindingsTests {
    func runs(_ model: ModelDefinition, _ accuracies: [Double], permuted: Bool = false) -> [RunRecord] {
        accuracies.enumerated().map { seed, a in
            let diagonal = (0..<10).map { t in (0..<10).map { p in t == p ? 10 : t == 3 && p == 5 ? 4 : 0 } }
            return .made(
                model, seed: UInt64(seed), epochs: [(a, a, a)], permuted: permuted,
                perClassAccuracy: (0..<10).map { a + Double($0) / 100 }, confusion: diagonal)
        }
    }

    /// The lab's claims, as studies/lab.yaml words them.
    static let claims = [
        ClaimDefinition(text: "fewer", test: .better(model: "cnn3", than: "mlp", fewerParameters: true)),
        ClaimDefinition(text: "locality", test: .hurtMoreByPermutation(model: "cnn3", than: "mlp")),
        ClaimDefinition(text: "shifts", test: .moreShiftTolerant(model: "cnn3", than: "mlp")),
        ClaimDefinition(text: "kernels", test: .noBetter(model: "cnn5", than: "cnn3")),
    ]

    /// The lab's study in small: the MLP against cnn3, cnn3 against cnn5, over three seeds, with
    /// the translation and permutation probes when given.
    func results(
        mlp: [Double] = [0.47, 0.48, 0.46], cnn3: [Double] = [0.70, 0.705, 0.695], cnn5: [Double],
        probes: StudyProbes? = nil, cnnParameters: Int? = nil, claims: [ClaimDefinition] = claims
    ) throws -> StudyResults {
        let records = runs(.mlp, mlp) + runs(.cnn3, cnn3) + runs(.cnn5, cnn5)
        let models = try Self.models(cnnParameters: cnnParameters)
        let experiments = [
            ExperimentDefinition(name: "mlp-versus-cnn", baseline: "mlp", compared: ["cnn3"], seeds: 3),
            ExperimentDefinition(name: "kernel-size", baseline: "cnn3", compared: ["cnn5"], seeds: 3),
        ].map { ExperimentResult($0, models: models, records: records) }
        return StudyResults(
            title: "t", question: "q", quick: false, data: DataProvenance(directory: "d", source: "option", md5: [:]),
            statistics: DatasetStatistics(CIFAR10.blank()), models: models, runs: records, experiments: experiments,
            probes: probes, claims: claims, report: ReportSelection(), featured: [.mlp, .cnn3, .cnn5],
            discussion: [], correction: .none, engineChecks: [], initialLosses: [],
            environment: StudyEnvironment.current(command: "test", startedAt: Date(), wallSeconds: 1))
    }

    static func models(cnnParameters: Int? = nil) throws -> [ModelDescription] {
        try [ModelDefinition.mlp, .cnn3, .cnn5].map { m in
            let parameters = try m.architecture.parameterCount()
            return ModelDescription(
                model: m.model, title: m.title, label: m.label, inputShape: m.architecture.inputShape,
                layers: try m.architecture.summary(),
                parameters: m.model == .cnn3 ? cnnParameters ?? parameters : parameters,
                multiplyAccumulates: try m.architecture.multiplyAccumulates())
        }
    }

    func verdict(_ findings: Findings, _ text: String) -> ClaimFinding.Verdict? {
        findings.claims.first { $0.claim.text == text }?.verdict
    }

    @Test func comparisonIsBetterWorseOrNoiseByWelch() {
        let base = SampleSummary([0.700, 0.705, 0.695])
        #expect(Comparison(SampleSummary([0.750, 0.755, 0.745]), base).verdict == .better)
        #expect(Comparison(SampleSummary([0.650, 0.655, 0.645]), base).verdict == .worse)
        #expect(Comparison(SampleSummary([0.701, 0.712, 0.690]), base).verdict == .indistinguishable)
        #expect(Comparison(SampleSummary([0.75]), base).verdict == .untestable)
    }

    @Test func theKernelClaimFlipsWhenTheCostlierModelGetsBetterBeyondTheNoise() throws {
        #expect(verdict(Findings(try results(cnn5: [0.702, 0.699, 0.697])), "kernels") == .supported)
        #expect(verdict(Findings(try results(cnn5: [0.65, 0.655, 0.645])), "kernels") == .supported)
        let better = Findings(try results(cnn5: [0.75, 0.755, 0.745]))
        #expect(verdict(better, "kernels") == .contradicted)
        guard case .accuracy(let e) = better.claims.first(where: { $0.claim.text == "kernels" })?.evidence else {
            Issue.record("the kernel claim has no accuracy evidence")
            return
        }
        #expect(abs(e.comparison.difference - 0.05) < 1e-12)
        #expect(abs(e.macRatio - 16_090_368.0 / 6_128_896) < 1e-12)  // the two models' multiply-accumulates
    }

    @Test func anAccuracyClaimIsUntestedWhenTheModelHasMoreParametersOrNoExperimentComparesThem() throws {
        #expect(verdict(Findings(try results(cnn5: [0.7, 0.7, 0.7])), "fewer") == .supported)
        let more = Findings(try results(cnn5: [0.7, 0.7, 0.7], cnnParameters: 10_000_000))
        #expect(verdict(more, "fewer") == .notTested)
        let unrelated = ClaimDefinition(text: "x", test: .better(model: "mlp", than: "cnn5", fewerParameters: false))
        let missing = Findings(try results(cnn5: [0.7, 0.7, 0.7], claims: [unrelated]))
        #expect(missing.claims.first?.verdict == .notTested)
        #expect(missing.claims.first?.evidence == .missing("no experiment compares mlp with cnn5"))
    }

    /// A claim reads the comparison its experiment decided (in the study's family), turned round
    /// when the claim's model is the experiment's baseline.
    @Test func anAccuracyClaimUsesItsExperimentsDecidedComparison() throws {
        let turned = ClaimDefinition(text: "t", test: .better(model: "mlp", than: "cnn3", fewerParameters: false))
        let results = try results(cnn5: [0.7, 0.7, 0.7], claims: [turned])
        let decided = try #require(results.experiments[0].versus(.cnn3)?.comparison)
        guard case .accuracy(let e) = Findings(results).claims.first?.evidence else {
            Issue.record("no accuracy evidence")
            return
        }
        #expect(e.comparison == decided.reversed && e.comparison.verdict == .worse)
        let interval = try #require(decided.interval)
        let turnedRound = ConfidenceInterval(
            lower: -interval.upper, upper: -interval.lower, confidence: interval.confidence)
        #expect(e.comparison.interval == turnedRound)
        #expect(decided.reversed.reversed == decided)
    }

    @Test func overfittingIsAGapAboveFivePoints() {
        #expect(TrainingFinding.fit(gap: 0.051) == .overfitting)
        #expect(TrainingFinding.fit(gap: 0.049) == .slightlyAbove)
        #expect(TrainingFinding.fit(gap: -0.01) == .below)
        let finding = TrainingFinding(RunRecord.made(.cnn3, epochs: [(0.80, 0.70, 0.70)]))
        #expect(finding?.fit == .overfitting)
        #expect(abs((finding?.gap ?? 0) - 0.10) < 1e-12)
    }

    @Test func classFindingsCompareTheFirstExperimentsModelWithItsBaseline() throws {
        let f = try #require(Findings(try results(cnn5: [0.7, 0.7, 0.7])).classes)
        #expect(f.model == .cnn3 && f.baseline == .mlp)
        #expect(f.mostConfused.trueClass == 3 && f.mostConfused.predictedClass == 5 && f.mostConfused.count == 4)
        #expect(f.mostConfused.ofImages == 14)
    }

    @Test func anatomyFactorsTheLargestLayerAndTheFirstConvolution() throws {
        let anatomy = Findings(try results(cnn5: [0.7, 0.7, 0.7])).anatomy
        let mlp = try #require(anatomy.first { $0.model == .mlp }?.largest)
        #expect(mlp.kind == .dense && mlp.weightsPerUnit == 3072 && mlp.units == 256 && mlp.parameters == 786_688)
        #expect(abs(mlp.share - 786_688.0 / 820_874) < 1e-9)
        let conv = try #require(anatomy.first { $0.model == .cnn5 }?.firstConvolution)
        #expect(conv.kernel == 5 && conv.units == 32 && conv.weightsPerUnit == 75 && conv.positions == 1024)
        #expect(conv.parameters == 32 * 76)
        let cnn3 = try #require(anatomy.first { $0.model == .cnn3 })
        #expect(cnn3.reference == .mlp && abs(cnn3.macRatio - 6_128_896.0 / 820_480) < 1e-12)
        #expect(cnn3.receptiveField == 10 && anatomy.first { $0.model == .mlp }?.receptiveField == nil)
    }

    @Test func theDeployedRunIsChosenByValidationNotTestAccuracy() throws {
        var results = try results(cnn5: [0.7, 0.7, 0.7])
        results.runs.append(.made(.cnn3Valid, seed: 0, epochs: [(0.9, 0.60, 0.99)]))  // best test, poor validation
        results.runs.append(.made(.cnn3Strided, seed: 0, epochs: [(0.9, 0.80, 0.50)]))
        #expect(Findings(results).deployed == "cnn3-stride2-0")
    }

    @Test func theLeanestModelPerParameterLeavesTheDenseOnesOut() throws {
        let s = Findings(try results(mlp: [0.9, 0.9, 0.9], cnn5: [0.7, 0.7, 0.7])).sizeAccuracy
        #expect(s.showsAPattern && s.mostAccurate == .mlp && s.mostAccuratePerParameter == .cnn3)
        #expect(abs(SizeAccuracy.correlation([1, 2, 3], [2, 4, 6]) - 1) < 1e-12)
        #expect(SizeAccuracy.correlation([1, 1], [2, 3]).isNaN)
    }

    /// Translation curves for each model and fill keeping these shares of above-chance accuracy,
    /// and the permutation probe's runs.
    func probes(cnnKept: Double, mlpKept: Double, cnnPermuted: [Double]) -> StudyProbes {
        func curve(_ m: StudyModel, _ fill: ShiftFill, start: Double, kept: Double) -> TranslationProbe.Curve {
            TranslationProbe.Curve(
                model: m, fill: fill, accuracy: (0...8).map { $0 == 0 ? start : 0.1 + kept * (start - 0.1) })
        }
        let curves = ShiftFill.allCases.flatMap { f in
            [curve(.mlp, f, start: 0.47, kept: mlpKept), curve(.cnn3, f, start: 0.70, kept: cnnKept)]
        }
        let original: [StudyModel: [RunRecord]] = [
            .mlp: runs(.mlp, [0.47, 0.48, 0.46]), .cnn3: runs(.cnn3, [0.70, 0.705, 0.695]),
        ]
        let permuted: [StudyModel: [RunRecord]] = [
            .mlp: runs(.mlp, [0.475, 0.478, 0.465], permuted: true), .cnn3: runs(.cnn3, cnnPermuted, permuted: true),
        ]
        return StudyProbes(
            translation: TranslationProbe(shifts: Array(0...8), testCount: 100, curves: curves),
            permutation: PermutationProbe(
                permutationSeed: 1, original: original, permuted: permuted, models: [.mlp, .cnn3]),
            receptiveFields: [], featureMaps: nil)
    }

    @Test func translationClaimTurnsOnHowMuchTheCNNKeeps() throws {
        func claim(cnn: Double, mlp: Double) throws -> ClaimFinding.Verdict? {
            let p = probes(cnnKept: cnn, mlpKept: mlp, cnnPermuted: [0.5, 0.51, 0.52])
            return verdict(Findings(try results(cnn5: [0.7, 0.7, 0.7], probes: p)), "shifts")
        }
        #expect(try claim(cnn: 0.95, mlp: 0.5) == .supported)
        #expect(try claim(cnn: 0.85, mlp: 0.5) == .partly)
        #expect(try claim(cnn: 0.4, mlp: 0.5) == .notSupported)
    }

    @Test func localityClaimNeedsTheCNNToLoseBeyondTheNoise() throws {
        func claim(_ permuted: [Double]) throws -> ClaimFinding? {
            let p = probes(cnnKept: 0.8, mlpKept: 0.5, cnnPermuted: permuted)
            return Findings(try results(cnn5: [0.7, 0.7, 0.7], probes: p)).claims.first { $0.claim.text == "locality" }
        }
        #expect(try claim([0.50, 0.51, 0.52])?.verdict == .supported)
        #expect(try claim([0.69, 0.71, 0.70])?.verdict == .notSupported)
        guard case .permutation(let e) = try claim([0.50, 0.51, 0.52])?.evidence else {
            Issue.record("no permutation evidence")
            return
        }
        #expect(abs(e.leadBefore - 0.23) < 1e-9 && abs(e.leadAfter - (0.51 - 1.418 / 3)) < 1e-9)
        #expect(e.lostMostOfItsLead)
    }

    /// Findings stored by an earlier version of the analysis do not stop the results from reading:
    /// the numbers read as stored and the findings are computed anew.
    @Test func staleFindingsAreDroppedNotFatal() throws {
        let results = try results(cnn5: [0.7, 0.71, 0.69]).withFindings()
        #expect(try JSONDecoder().decode(StudyResults.self, from: JSONEncoder().encode(results)) == results)
        var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(results)) as? [String: Any])
        json["findings"] = ["costs": ["an old field": 1]]
        let decoded = try JSONDecoder().decode(StudyResults.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded.findings == nil)
        #expect(decoded.runs == results.runs && decoded.experiments == results.experiments)
        #expect(decoded.withFindings().findings == results.findings)
    }
}
