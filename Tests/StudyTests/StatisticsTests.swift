import Study
import Testing

@Suite struct StatisticsTests {
    @Test func tDistributionTailsMatchTables() {
        // Two-sided critical values from any t table: p = 0.05 at t = 2.228 (df 10), 0.01 at 2.576 (df ∞ ≈ 1e6).
        #expect(abs(DifferenceTest.twoSidedP(t: 2.228, df: 10) - 0.05) < 5e-4)
        #expect(abs(DifferenceTest.twoSidedP(t: 2.576, df: 1e6) - 0.01) < 5e-4)
        #expect(abs(DifferenceTest.twoSidedP(t: 0, df: 4) - 1) < 1e-12)
    }

    @Test func welchOnHandComputedSamples() {
        // a: mean 2, var 1; b: mean 5, var 1, n = 3 each → t = −3 / √(2/3) = −3.674, df = 4.
        let test = DifferenceTest(SampleSummary([1, 2, 3]), SampleSummary([4, 5, 6]))
        #expect(test.difference == -3)
        #expect(abs(test.t! + 3.6742) < 1e-4)
        #expect(abs(test.degreesOfFreedom! - 4) < 1e-12)
        #expect(abs(test.p! - 0.02131) < 1e-4)
        #expect(
            DifferenceTest(SampleSummary([0.7]), SampleSummary([0.6, 0.7])).p == nil, "one seed cannot measure noise")
        #expect(SampleSummary([1, 2, 3]).std == 1)
    }
}
