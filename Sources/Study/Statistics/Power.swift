import Foundation

/// The power of a two-sided t-test and the smallest difference it detects, as statsmodels'
/// `TTestIndPower` (two samples: df = n₁ + n₂ − 2, noncentrality d·√(n₁n₂/(n₁+n₂))) and
/// `TTestPower` (n pairs: df = n − 1, noncentrality d·√n) compute them.
package enum TTestPower {
    /// The probability that the two-sample test rejects at `alpha` when the true standardized
    /// difference is `effect`.
    package static func power(effect: Double, n1: Int, n2: Int, alpha: Double = 0.05) -> Double {
        power(effect: effect, df: Double(n1 + n2 - 2), scale: (Double(n1 * n2) / Double(n1 + n2)).squareRoot(), alpha)
    }

    /// The same for the paired test over `pairs` seeds (`effect` in units of the differences' spread).
    package static func power(effect: Double, pairs: Int, alpha: Double = 0.05) -> Double {
        power(effect: effect, df: Double(pairs - 1), scale: Double(pairs).squareRoot(), alpha)
    }

    private static func power(effect: Double, df: Double, scale: Double, _ alpha: Double) -> Double {
        guard df > 0 else { return .nan }
        let critical = StudentT.quantile(1 - alpha / 2, df: df)
        let noncentrality = effect * scale
        return 1 - NoncentralT.cdf(critical, df: df, noncentrality: noncentrality)
            + NoncentralT.cdf(-critical, df: df, noncentrality: noncentrality)
    }

    /// The standardized difference (Cohen's d) the two-sample test detects with `power`.
    package static func detectableEffect(
        n1: Int, n2: Int, alpha: Double = 0.05, power target: Double = 0.8
    ) -> Double {
        guard n1 + n2 > 2 else { return .infinity }
        return effect(reaching: target) { power(effect: $0, n1: n1, n2: n2, alpha: alpha) }
    }

    /// The standardized difference the paired test over `pairs` seeds detects with `power`.
    package static func detectableEffect(pairs: Int, alpha: Double = 0.05, power target: Double = 0.8) -> Double {
        guard pairs > 1 else { return .infinity }
        return effect(reaching: target) { power(effect: $0, pairs: pairs, alpha: alpha) }
    }

    /// The fewest seeds a side (or pairs) with which the test detects `effect` with `power`;
    /// nil when more than `limit` would be needed.
    package static func seedsNeeded(
        effect: Double, paired: Bool, alpha: Double, power target: Double = 0.8, limit: Int = 1000
    ) -> Int? {
        guard effect > 0 else { return nil }
        func reaches(_ n: Int) -> Bool {
            (paired ? power(effect: effect, pairs: n, alpha: alpha) : power(effect: effect, n1: n, n2: n, alpha: alpha))
                >= target
        }
        guard reaches(limit) else { return nil }
        var (low, high) = (1, limit)  // reaches(high) holds, reaches(low) does not (one seed has no test)
        while high - low > 1 {
            let middle = (low + high) / 2
            if reaches(middle) { high = middle } else { low = middle }
        }
        return high
    }

    /// The effect at which the increasing `power` reaches `target`, by bisection.
    private static func effect(reaching target: Double, _ power: (Double) -> Double) -> Double {
        var (low, high) = (0.0, 1.0)
        while power(high) < target { high *= 2 }
        while high - low > 1e-10 * high {
            let middle = (low + high) / 2
            if power(middle) < target { low = middle } else { high = middle }
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
