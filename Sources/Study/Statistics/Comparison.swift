/// What a difference over seeds says: better, worse, or not distinguishable from the seed noise,
/// by its t-test (Welch's, or paired by seed) at the 5% level after adjusting for the study's family of comparisons;
/// untestable when either side has no spread to measure. Its interval is at the level its test
/// uses, so it excludes zero exactly when the verdict is better or worse.
package struct Comparison: Codable, Sendable, Equatable {
    package enum Verdict: String, Codable, Sendable {
        case better, worse, indistinguishable, untestable
    }

    /// The family-wise error rate the verdicts keep.
    package static let significanceLevel = 0.05
    /// The power at which the detectable difference is stated.
    package static let power = 0.8

    /// a minus b, with its test.
    package var test: DifferenceTest
    /// The p-value adjusted for the family of comparisons it was decided in (the raw one when
    /// decided alone); nil when untestable.
    package var adjustedP: Double?
    /// The level the adjusted test uses for this comparison: 0.05 alone, 0.05 / m under
    /// Bonferroni, 0.05 / (m − rank) under Holm (smaller when Holm stopped before it).
    package var testLevel: Double?
    /// The t-interval for the difference at confidence 1 − `testLevel`.
    package var interval: ConfidenceInterval?
    /// The smallest difference (in accuracy) these seeds detect with 80% power at `testLevel`,
    /// given the seeds' spread: below it, "not distinguishable" says nothing about an effect.
    package var detectableDifference: Double?
    package var verdict: Verdict

    /// a against b, decided alone.
    package init(_ a: SampleSummary, _ b: SampleSummary) { self.init(DifferenceTest(a, b)) }

    /// Decided alone (a family of one).
    package init(_ test: DifferenceTest) {
        self.test = test
        verdict = .untestable
        decide(adjustedP: test.p)
    }

    /// Decides the comparison at its adjusted p-value p̃ in a family tested at `familyLevel`: the
    /// level its own test uses is familyLevel·p/p̃, so that the interval at that level excludes zero
    /// exactly when p̃ < familyLevel. The p-value it records is p̃ scaled to the study's α (p̃·α /
    /// familyLevel, at most 1), so that "adjusted p < 0.05" reads the same at every look.
    package mutating func decide(adjustedP: Double?, familyLevel: Double = Comparison.significanceLevel) {
        guard let p = test.p, let adjusted = adjustedP else {
            (self.adjustedP, testLevel, interval, detectableDifference, verdict) = (nil, nil, nil, nil, .untestable)
            return
        }
        let level = adjusted > 0 ? familyLevel * p / adjusted : familyLevel
        self.adjustedP = min(1, adjusted * (Self.significanceLevel / familyLevel))
        testLevel = level
        interval = test.interval(confidence: 1 - level)
        detectableDifference = test.detectableDifference(alpha: level, power: Self.power)
        verdict = adjusted >= familyLevel ? .indistinguishable : test.difference > 0 ? .better : .worse
    }

    package var difference: Double { test.difference }

    /// b against a: the same test, its difference and interval negated.
    package var reversed: Comparison {
        var r = self
        (r.test.difference, r.test.t) = (-test.difference, test.t.map { -$0 })
        r.test.counts = test.counts.reversed()
        r.interval = interval.map { ConfidenceInterval(lower: -$0.upper, upper: -$0.lower, confidence: $0.confidence) }
        r.verdict = verdict == .better ? .worse : verdict == .worse ? .better : verdict
        return r
    }
    package var isSignificant: Bool { verdict == .better || verdict == .worse }

    enum CodingKeys: String, CodingKey {
        case test, adjustedP, testLevel, interval, detectableDifference, verdict
        case welch  // results.json written before paired tests named the test so
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        test =
            try c.decodeIfPresent(DifferenceTest.self, forKey: .test) ?? c.decode(DifferenceTest.self, forKey: .welch)
        adjustedP = try c.decodeIfPresent(Double.self, forKey: .adjustedP)
        testLevel = try c.decodeIfPresent(Double.self, forKey: .testLevel)
        interval = try c.decodeIfPresent(ConfidenceInterval.self, forKey: .interval)
        detectableDifference = try c.decodeIfPresent(Double.self, forKey: .detectableDifference)
        verdict = try c.decode(Verdict.self, forKey: .verdict)
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(test, forKey: .test)
        try c.encodeIfPresent(adjustedP, forKey: .adjustedP)
        try c.encodeIfPresent(testLevel, forKey: .testLevel)
        try c.encodeIfPresent(interval, forKey: .interval)
        try c.encodeIfPresent(detectableDifference, forKey: .detectableDifference)
        try c.encode(verdict, forKey: .verdict)
    }
}

/// A confidence interval for a difference of means.
package struct ConfidenceInterval: Codable, Sendable, Equatable {
    package var lower, upper: Double
    /// Its confidence, 1 − the test's level.
    package var confidence: Double

    package func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}
