extension WelchTest {
    /// mean(a) − mean(b) ± t(1 − γ/2, df)·SE at confidence 1 − γ, with Welch's df: it excludes
    /// zero exactly when the test's p-value is below γ. nil when untestable.
    package func interval(confidence: Double) -> ConfidenceInterval? {
        guard let se = standardError, let df = degreesOfFreedom else { return nil }
        let half = StudentT.quantile(1 - (1 - confidence) / 2, df: df) * se
        return ConfidenceInterval(lower: difference - half, upper: difference + half, confidence: confidence)
    }

    /// The smallest difference of means a two-sided test at `alpha` detects with `power`, given
    /// these seeds and their pooled spread (statsmodels' `TTestIndPower`); nil without spread.
    package func detectableDifference(alpha: Double, power: Double) -> Double? {
        guard counts.count == 2, counts.allSatisfy({ $0 >= 2 }), pooledStd > 0 else { return nil }
        return TTestPower.detectableEffect(n1: counts[0], n2: counts[1], alpha: alpha, power: power) * pooledStd
    }
}
