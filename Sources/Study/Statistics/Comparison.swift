/// What a difference over seeds says: better, worse, or not distinguishable from the seed noise,
/// by Welch's t-test at the 5% level after adjusting for the study's family of comparisons;
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
    package var welch: WelchTest
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
    package init(_ a: SampleSummary, _ b: SampleSummary) { self.init(WelchTest(a, b)) }

    /// Decided alone (a family of one).
    package init(_ welch: WelchTest) {
        self.welch = welch
        verdict = .untestable
        decide(adjustedP: welch.p)
    }

    /// Decides the comparison at its adjusted p-value: the level its test uses is α·p/p̃, so that
    /// the interval at that level excludes zero exactly when p̃ < α.
    package mutating func decide(adjustedP: Double?) {
        guard let p = welch.p, let adjusted = adjustedP else {
            (self.adjustedP, testLevel, interval, detectableDifference, verdict) = (nil, nil, nil, nil, .untestable)
            return
        }
        let alpha = Self.significanceLevel
        let level = adjusted > 0 ? alpha * p / adjusted : alpha
        self.adjustedP = adjusted
        testLevel = level
        interval = welch.interval(confidence: 1 - level)
        detectableDifference = welch.detectableDifference(alpha: level, power: Self.power)
        verdict = adjusted >= alpha ? .indistinguishable : welch.difference > 0 ? .better : .worse
    }

    package var difference: Double { welch.difference }

    /// b against a: the same test, its difference and interval negated.
    package var reversed: Comparison {
        var r = self
        (r.welch.difference, r.welch.t) = (-welch.difference, welch.t.map { -$0 })
        r.welch.counts = welch.counts.reversed()
        r.interval = interval.map { ConfidenceInterval(lower: -$0.upper, upper: -$0.lower, confidence: $0.confidence) }
        r.verdict = verdict == .better ? .worse : verdict == .worse ? .better : verdict
        return r
    }
    package var isSignificant: Bool { verdict == .better || verdict == .worse }
}

/// A confidence interval for a difference of means.
package struct ConfidenceInterval: Codable, Sendable, Equatable {
    package var lower, upper: Double
    /// Its confidence, 1 − the test's level.
    package var confidence: Double

    package func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}
