import Foundation

/// A t-test of mean(a) − mean(b) over seeds: Welch's (no assumption that the two spreads are
/// equal), or paired by seed when the two models' runs of a seed share their batch order and
/// augmentation draws, so that the seed's share of the noise cancels in each difference.
package struct DifferenceTest: Codable, Sendable, Equatable {
    package enum Design: String, Codable, Sendable {
        /// Two independent samples, Welch–Satterthwaite degrees of freedom.
        case welch
        /// The per-seed differences as one sample (n − 1 degrees of freedom).
        case paired
    }

    package var design: Design
    package var difference: Double  // mean(a) − mean(b)
    /// t, degrees of freedom, the two-sided p-value and the standard error of the difference; nil
    /// when either sample has fewer than two values or nothing varies, so that noise cannot be measured.
    package var t: Double?
    package var degreesOfFreedom: Double?
    package var p: Double?
    package var standardError: Double?
    /// The seeds on each side, and the spread the detectable difference scales with: the pooled
    /// standard deviation (Welch), or that of the per-seed differences (paired).
    package var counts: [Int]
    package var pooledStd: Double

    /// Welch's test of two independent samples.
    package init(_ a: SampleSummary, _ b: SampleSummary) {
        design = .welch
        difference = a.mean - b.mean
        counts = [a.values.count, b.values.count]
        let (na, nb) = (Double(a.values.count), Double(b.values.count))
        let pooledDf = na + nb - 2
        pooledStd =
            pooledDf > 0 ? (((na - 1) * a.std * a.std + (nb - 1) * b.std * b.std) / pooledDf).squareRoot() : 0
        let va = a.std * a.std / na
        let vb = b.std * b.std / nb
        guard na > 1, nb > 1, va + vb > 0 else { return }
        let se = (va + vb).squareRoot()
        let t = difference / se
        let df = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1))
        (self.t, degreesOfFreedom, p, standardError) = (t, df, Self.twoSidedP(t: t, df: df), se)
    }

    /// The paired test of `a[i] − b[i]`, the two values of one seed (`scipy.stats.ttest_rel`).
    package init(paired a: [Double], _ b: [Double]) {
        precondition(a.count == b.count, "a paired test needs one value of each side per seed")
        let differences = SampleSummary(zip(a, b).map { $0 - $1 })
        let n = Double(a.count)
        design = .paired
        difference = differences.mean
        counts = [a.count, b.count]
        pooledStd = differences.std
        guard a.count > 1, differences.std > 0 else { return }
        let se = differences.std / n.squareRoot()
        let t = difference / se
        (self.t, degreesOfFreedom, p, standardError) = (t, n - 1, Self.twoSidedP(t: t, df: n - 1), se)
    }

    /// P(|T| ≥ |t|) for Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2).
    package static func twoSidedP(t: Double, df: Double) -> Double {
        regularizedIncompleteBeta(df / (df + t * t), a: df / 2, b: 0.5)
    }
    /// I_x(a, b) by Lentz's continued fraction (Numerical Recipes §6.4).
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x > (a + 1) / (a + b + 2) { return 1 - regularizedIncompleteBeta(1 - x, a: b, b: a) }
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        d = 1 / (abs(d) < tiny ? tiny : d)
        var f = d
        for m in 1...300 {
            let m = Double(m)
            let even: Double = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            let odd: Double = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            for numerator in [even, odd] {
                d = 1 + numerator * d
                d = 1 / (abs(d) < tiny ? tiny : d)
                c = 1 + numerator / c
                if abs(c) < tiny { c = tiny }
                f *= c * d
            }
            if abs(c * d - 1) < 1e-14 { break }
        }
        return front * f / a
    }
}
