import Foundation
import Testing

@testable import Study

/// ConvLab's statistics held to SciPy 1.16 and statsmodels 0.14, computed once by this script and
/// written in below:
///
///     from scipy import stats
///     from statsmodels.stats.multitest import multipletests
///     from statsmodels.stats.power import TTestIndPower
///     r = stats.ttest_ind(a, b, equal_var=False); ci = r.confidence_interval(0.95)
///     print(r.statistic, r.df, r.pvalue, ci.low, ci.high)           # for each (a, b) below
///     print(stats.t.ppf(p, df))                                       # for each (p, df)
///     print(multipletests(p, method="holm")[1], multipletests(p, method="bonferroni")[1])
///     print(TTestIndPower().power(effect_size=d, nobs1=n1, ratio=n2 / n1, alpha=alpha))
///     print(TTestIndPower().solve_power(effect_size=None, nobs1=n1, ratio=n2 / n1, alpha=alpha, power=0.8))
@Suite struct StatisticsReferenceTests {
    struct Welch: Sendable {
        var a, b: [Double]
        var t, df, p, lower, upper: Double
    }

    static let welch = [
        Welch(
            a: [0.712, 0.705, 0.698], b: [0.690, 0.701, 0.684], t: 2.0795009796401294, df: 3.838066668535711,
            p: 0.10901615026096653, lower: -0.004768826565213814, upper: 0.031435493231880204),
        Welch(
            a: [0.5, 0.61, 0.55, 0.58], b: [0.52, 0.49], t: 1.9756583222945214, df: 3.9656121045392014,
            p: 0.1200065545060047, lower: -0.02255801182438072, upper: 0.1325580118243806),
        Welch(
            a: [0.768, 0.775, 0.761], b: [0.685, 0.679, 0.692], t: 14.982227914588455, df: 3.9788012083311206,
            p: 0.00011971848213840585, lower: 0.06731497517297823, upper: 0.09801835816035533),
    ]

    @Test(arguments: welch)
    func welchMatchesSciPy(_ r: Welch) throws {
        let w = DifferenceTest(SampleSummary(r.a), SampleSummary(r.b))
        #expect(abs(try #require(w.t) - r.t) < 1e-9)
        #expect(abs(try #require(w.degreesOfFreedom) - r.df) < 1e-9)
        #expect(abs(try #require(w.p) - r.p) < 1e-9)
        let interval = try #require(w.interval(confidence: 0.95))
        #expect(abs(interval.lower - r.lower) < 1e-9 && abs(interval.upper - r.upper) < 1e-9)
    }

    @Test func tQuantilesMatchSciPy() {
        for (p, df, t) in [
            (0.975, 2.7, 3.3921483831737507), (0.99375, 4.0, 4.314656048886743), (0.6, 1.0, 0.32491969623290634),
            (0.999, 30.5, 3.379950951523576),
        ] {
            #expect(abs(StudentT.quantile(p, df: df) - t) < 1e-9, "t(\(p), \(df))")
            #expect(abs(StudentT.cdf(t, df: df) - p) < 1e-12)
        }
    }

    @Test func holmAndBonferroniMatchStatsmodels() {
        let p = [0.01, 0.04, 0.03, 0.005, 0.5, 0.04]
        let holm = Correction.holm.adjust(p)
        let bonferroni = Correction.bonferroni.adjust(p)
        for (a, b) in zip(holm, [0.05, 0.12, 0.12, 0.03, 0.5, 0.12]) { #expect(abs(a - b) < 1e-12) }
        for (a, b) in zip(bonferroni, [0.06, 0.24, 0.18, 0.03, 1.0, 0.24]) { #expect(abs(a - b) < 1e-12) }
        #expect(Correction.none.adjust(p) == p)
    }

    @Test func powerAndTheDetectableEffectMatchStatsmodels() {
        for (d, n1, n2, alpha, power) in [
            (1.5, 3, 3, 0.05, 0.2931947003055979), (2.0, 3, 3, 0.01, 0.15685597181212596),
            (0.8, 10, 8, 0.05, 0.3542821959916951),
        ] {
            #expect(abs(TTestPower.power(effect: d, n1: n1, n2: n2, alpha: alpha) - power) < 1e-6, "d = \(d)")
        }
        for (n1, n2, alpha, effect) in [
            (3, 3, 0.05, 3.070892269599019), (3, 3, 0.00625, 5.43423269760827), (5, 5, 0.05, 2.024440145655355),
            (2, 2, 0.05, 5.653489341914222), (10, 8, 0.05, 1.4156949998015174),
        ] {
            #expect(abs(TTestPower.detectableEffect(n1: n1, n2: n2, alpha: alpha) - effect) < 1e-5, "n = \(n1), \(n2)")
        }
    }
}

/// No verdict contradicts the interval printed beside it: made-up seeds whose differences sit on
/// both sides of every decision boundary, alone and in Holm and Bonferroni families.
@Suite struct VerdictAgreesWithItsIntervalTests {
    @Test(arguments: Correction.allCases)
    func theIntervalExcludesZeroExactlyWhenTheVerdictIsBetterOrWorse(correction: Correction) throws {
        let base = [0.700, 0.706, 0.694]
        var comparisons = stride(from: -0.06, through: 0.06, by: 0.003).map { shift in
            Comparison(SampleSummary(base.map { $0 + shift + 0.002 * sin(shift * 997) }), SampleSummary(base))
        }
        ComparisonFamily.decide(&comparisons, correction: correction)
        #expect(comparisons.contains { $0.isSignificant } && comparisons.contains { $0.verdict == .indistinguishable })
        for c in comparisons {
            let interval = try #require(c.interval)
            #expect(interval.contains(0) == (c.verdict == .indistinguishable), "\(c.difference) \(c.verdict)")
            #expect((c.adjustedP ?? 1) >= (c.test.p ?? 0))
            if c.verdict == .better { #expect(interval.lower > 0) }
            if c.verdict == .worse { #expect(interval.upper < 0) }
        }
    }

    @Test func aFamilyDecidesLessThanItsMembersAloneAndSaysWhatItCouldDetect() throws {
        let alone = Comparison(SampleSummary([0.712, 0.708, 0.716]), SampleSummary([0.700, 0.703, 0.697]))
        #expect(alone.verdict == .better && alone.testLevel == 0.05)
        var family =
            [alone]
            + (0..<7).map { _ in Comparison(SampleSummary([0.7, 0.71, 0.69]), SampleSummary([0.7, 0.705, 0.695])) }
        ComparisonFamily.decide(&family, correction: .holm)
        #expect(family[0].verdict == .indistinguishable)  // p ≈ 0.02 alone; 8 comparisons need p < 0.05 / 8
        let detectable = try #require(family[1].detectableDifference)
        let level = try #require(family[1].testLevel)
        let expected = TTestPower.detectableEffect(n1: 3, n2: 3, alpha: level) * family[1].test.pooledStd
        #expect(abs(detectable - expected) < 1e-12)
        #expect(Comparison(SampleSummary([0.7]), SampleSummary([0.6, 0.61])).verdict == .untestable)
    }
}
