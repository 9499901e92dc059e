import Foundation

/// Student's t distribution: its CDF and quantiles, for tests and intervals over a few seeds.
package enum StudentT {
    /// P(T ≤ t) with `df` degrees of freedom (df may be fractional, as Welch's is).
    package static func cdf(_ t: Double, df: Double) -> Double {
        let tail = 0.5 * DifferenceTest.regularizedIncompleteBeta(df / (df + t * t), a: df / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The t with P(T ≤ t) = p, by bisection on the CDF (monotone; 200 halvings reach machine precision).
    package static func quantile(_ p: Double, df: Double) -> Double {
        guard p > 0, p < 1 else { return p <= 0 ? -.infinity : .infinity }
        var (low, high) = (-1.0, 1.0)
        while cdf(low, df: df) > p { low *= 2 }
        while cdf(high, df: df) < p { high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if cdf(middle, df: df) < p { low = middle } else { high = middle }
            if high - low <= 1e-14 * max(1, abs(middle)) { break }
        }
        return (low + high) / 2
    }

    /// The standard normal CDF.
    package static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
}
