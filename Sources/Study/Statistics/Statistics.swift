import Foundation

/// Summary statistics over seeds and Welch's two-sample t-test.
package struct SampleSummary: Codable, Sendable, Equatable {
    package var values: [Double]
    package var mean: Double
    /// Sample standard deviation (n − 1); 0 for a single value.
    package var std: Double

    package init(_ values: [Double]) {
        self.values = values
        mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        let m = mean
        std =
            values.count > 1
            ? (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot() : 0
    }
}

/// Welch's t-test of mean(a) − mean(b): no assumption that the two spreads are equal.
package struct WelchTest: Codable, Sendable, Equatable {
    package var difference: Double  // mean(a) − mean(b)
    /// t, degrees of freedom, the two-sided p-value and the standard error of the difference; nil
    /// when either sample has fewer than two values or neither varies, so that noise cannot be measured.
    package var t: Double?
    package var degreesOfFreedom: Double?
    package var p: Double?
    package var standardError: Double?
    /// The seeds on each side, and their pooled standard deviation (for the detectable difference).
    package var counts: [Int]
    package var pooledStd: Double

    package init(_ a: SampleSummary, _ b: SampleSummary) {
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
