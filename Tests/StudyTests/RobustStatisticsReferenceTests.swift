import Foundation
import Testing

@testable import Study

/// The paired test, its power, the seeds a difference needs and rliable's robust measures, held
/// to SciPy 1.17 and statsmodels 0.15, computed once by this script and written in below:
///
///     from scipy import stats
///     from statsmodels.stats.power import TTestPower, TTestIndPower
///     r = stats.ttest_rel(a, b); ci = r.confidence_interval(0.95)
///     print(r.statistic, r.pvalue, r.df, ci.low, ci.high)
///     print(stats.trim_mean(x, 0.25), stats.trim_mean(y, 0.25))
///     print(TTestPower().power(effect_size=1.2, nobs=5, alpha=0.05))
///     print(TTestPower().solve_power(nobs=4, alpha=0.05, power=0.8))
///     print(TTestIndPower().solve_power(effect_size=1.0, alpha=0.05, power=0.8))    # per side
///     print(TTestPower().solve_power(effect_size=1.0, alpha=0.05, power=0.8))       # pairs
///     print(stats.mannwhitneyu(u, v).statistic / 9)
@Suite struct RobustStatisticsReferenceTests {
    @Test func thePairedTestMatchesSciPy() throws {
        let test = DifferenceTest(paired: [0.712, 0.705, 0.731, 0.698], [0.701, 0.699, 0.716, 0.690])
        #expect(test.design == .paired && test.degreesOfFreedom == 3)
        #expect(abs((test.t ?? 0) - 5.107539184552492) < 1e-10)
        #expect(abs((test.p ?? 0) - 0.014518740585514918) < 1e-10)
        let interval = try #require(test.interval(confidence: 0.95))
        #expect(abs(interval.lower - 0.0037691201373278487) < 1e-10)
        #expect(abs(interval.upper - 0.01623087986267217) < 1e-10)
        // The same numbers as independent samples: the seeds' shared noise hides the difference.
        #expect(
            (DifferenceTest(.init([0.712, 0.705, 0.731, 0.698]), .init([0.701, 0.699, 0.716, 0.690])).p ?? 0) > 0.3)
    }

    @Test func thePairedPowerAndTheSeedsNeededMatchStatsmodels() {
        #expect(abs(TTestPower.power(effect: 1.2, pairs: 5) - 0.5302212511402787) < 1e-6)
        #expect(abs(TTestPower.detectableEffect(pairs: 4) - 2.1279493431921157) < 1e-6)
        // statsmodels solves for a fractional n; a seed count is its ceiling.
        #expect(TTestPower.seedsNeeded(effect: 1.0, paired: false, alpha: 0.05) == 17)  // 16.71 per side
        #expect(TTestPower.seedsNeeded(effect: 1.0, paired: true, alpha: 0.05) == 10)  // 9.94 pairs
        #expect(TTestPower.seedsNeeded(effect: 0.001, paired: false, alpha: 0.05, limit: 100) == nil)
    }

    @Test func theInterquartileMeanIsSciPysTrimmedMean() {
        #expect(
            abs((RobustSummary.interquartileMean([0.61, 0.70, 0.64, 0.66, 0.90, 0.65, 0.63]) ?? 0) - 0.656) < 1e-12)
        #expect(abs((RobustSummary.interquartileMean([0.61, 0.70, 0.64, 0.66, 0.90]) ?? 0) - 2.0 / 3) < 1e-12)
        #expect(RobustSummary.interquartileMean([0.6, 0.7, 0.8]) == nil)  // it would be the mean
    }

    @Test func theProbabilityOfImprovementCountsPairsAndHalvesTies() {
        #expect(RobustSummary.probabilityOfImprovement([0.7, 0.72, 0.71], over: [0.69, 0.72, 0.70]) == 6.0 / 9)
        #expect(RobustSummary.probabilityOfImprovement([0.8], over: [0.7, 0.9]) == 0.5)
        #expect(RobustSummary.probabilityOfImprovement([], over: [0.7]) == nil)
    }
}
