import Foundation

/// The power of a two-sided two-sample t-test and the smallest difference it detects, as
/// statsmodels' `TTestIndPower` computes them: df = n₁ + n₂ − 2, noncentrality d·√(n₁n₂/(n₁+n₂)).
package enum TTestPower {
    /// The probability that the test rejects at `alpha` when the true standardized difference is `effect`.
    package static func power(effect: Double, n1: Int, n2: Int, alpha: Double = 0.05) -> Double {
        let df = Double(n1 + n2 - 2)
        guard df > 0 else { return .nan }
        let critical = StudentT.quantile(1 - alpha / 2, df: df)
        let noncentrality = effect * (Double(n1 * n2) / Double(n1 + n2)).squareRoot()
        return 1 - NoncentralT.cdf(critical, df: df, noncentrality: noncentrality)
            + NoncentralT.cdf(-critical, df: df, noncentrality: noncentrality)
    }

    /// The standardized difference (Cohen's d) the test detects with `power`, by bisection.
    package static func detectableEffect(
        n1: Int, n2: Int, alpha: Double = 0.05, power target: Double = 0.8
    )
        -> Double
    {
        guard n1 + n2 > 2 else { return .infinity }
        var (low, high) = (0.0, 1.0)
        while power(effect: high, n1: n1, n2: n2, alpha: alpha) < target { high *= 2 }
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if power(effect: middle, n1: n1, n2: n2, alpha: alpha) < target { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}

/// The noncentral t distribution's CDF, T' = (Z + δ)/√(V/ν): P(T' ≤ t) = E[Φ(t·√(V/ν) − δ)] over
/// V ~ χ²(ν), integrated over u = √V by Simpson's rule (smooth in u for every ν ≥ 1).
package enum NoncentralT {
    package static func cdf(_ t: Double, df: Double, noncentrality delta: Double) -> Double {
        let upper = (df + 12 * (2 * df).squareRoot() + 60).squareRoot()  // beyond it χ² has no mass left
        let steps = 4000
        let h = upper / Double(steps)
        let logNorm = -(df / 2) * log(2.0) - lgamma(df / 2)
        func integrand(_ u: Double) -> Double {
            guard u > 0 else { return df == 1 ? 2 * exp(logNorm) * StudentT.normalCDF(-delta) : 0 }
            let v = u * u
            let density = exp(logNorm + (df / 2 - 1) * log(v) - v / 2) * 2 * u
            return StudentT.normalCDF(t * u / df.squareRoot() - delta) * density
        }
        var sum = integrand(0) + integrand(upper)
        for i in 1..<steps { sum += (i % 2 == 1 ? 4 : 2) * integrand(Double(i) * h) }
        return min(max(sum * h / 3, 0), 1)
    }
}
