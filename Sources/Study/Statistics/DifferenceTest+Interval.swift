extension DifferenceTest {
    /// mean(a) − mean(b) ± t(1 − γ/2, df)·SE at confidence 1 − γ, with the test's df: it excludes
    /// zero exactly when the test's p-value is below γ. nil when untestable.
    package func interval(confidence: Double) -> ConfidenceInterval? {
        guard let se = standardError, let df = degreesOfFreedom else { return nil }
        let half = StudentT.quantile(1 - (1 - confidence) / 2, df: df) * se
        return ConfidenceInterval(lower: difference - half, upper: difference + half, confidence: confidence)
    }

    /// The smallest difference of means a two-sided test at `alpha` detects with `power`, given
    /// these seeds and their spread (statsmodels' `TTestIndPower`, or `TTestPower` for pairs);
    /// nil without spread.
    package func detectableDifference(alpha: Double, power: Double) -> Double? {
        guard counts.count == 2, counts.allSatisfy({ $0 >= 2 }), pooledStd > 0 else { return nil }
        let effect =
            design == .paired
            ? TTestPower.detectableEffect(pairs: counts[0], alpha: alpha, power: power)
            : TTestPower.detectableEffect(n1: counts[0], n2: counts[1], alpha: alpha, power: power)
        return effect * pooledStd
    }

    enum CodingKeys: String, CodingKey {
        case design, difference, t, degreesOfFreedom, p, standardError, counts, pooledStd
    }

    /// Tests stored before paired tests existed were Welch's.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        design = try c.decodeIfPresent(Design.self, forKey: .design) ?? .welch
        difference = try c.decode(Double.self, forKey: .difference)
        t = try c.decodeIfPresent(Double.self, forKey: .t)
        degreesOfFreedom = try c.decodeIfPresent(Double.self, forKey: .degreesOfFreedom)
        p = try c.decodeIfPresent(Double.self, forKey: .p)
        standardError = try c.decodeIfPresent(Double.self, forKey: .standardError)
        counts = try c.decode([Int].self, forKey: .counts)
        pooledStd = try c.decode(Double.self, forKey: .pooledStd)
    }
}
