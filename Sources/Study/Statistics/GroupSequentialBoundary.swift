import Foundation

/// The two-sided boundaries of a test repeated as seeds accumulate: at each look the nominal
/// level the test must reach, so that over all looks the chance of a false rejection is exactly
/// α (for normal statistics with independent increments, which seed-by-seed means have). The α is
/// spent by the Lan–DeMets O'Brien–Fleming-type function α(t) = 2 − 2Φ(z₁₋α/₂ / √t): little at
/// early looks, so the last one is tested at nearly the whole α. Boundaries are found look by
/// look by recursive numerical integration (Armitage, McPherson and Rowe; Jennison and Turnbull,
/// ch. 19) of the statistic's sub-density on the region where no earlier look stopped.
package enum GroupSequentialBoundary {
    /// The α spent by information fraction `t` (0 < t ≤ 1).
    package static func spent(_ alpha: Double, by t: Double) -> Double {
        2 - 2 * StudentT.normalCDF(normalQuantile(1 - alpha / 2) / t.squareRoot())
    }

    /// The nominal two-sided level of each look at information fractions `fractions` (increasing,
    /// the last 1). One look is tested at `alpha` itself.
    package static func nominalLevels(alpha: Double, fractions: [Double]) -> [Double] {
        guard let first = fractions.first, alpha > 0 else { return fractions.map { _ in 0 } }
        let points = 201
        var c = normalQuantile(1 - spent(alpha, by: first) / 2)
        var region = Region(bound: c, t: first, points: points)
        var density = region.grid.map { normalDensity($0, variance: first) }
        var levels = [2 * (1 - StudentT.normalCDF(c))]
        for k in fractions.indices.dropFirst() {
            let (t, step) = (fractions[k], fractions[k] - fractions[k - 1])
            let target = spent(alpha, by: t) - spent(alpha, by: fractions[k - 1])
            let mass = zip(region.weights, density).map { $0 * $1 }
            func crossing(_ bound: Double) -> Double {
                let b = bound * t.squareRoot()
                return zip(region.grid, mass).reduce(0) { total, point in
                    let (s, m) = point
                    let outside =
                        StudentT.normalCDF((-b - s) / step.squareRoot())
                        + 1 - StudentT.normalCDF((b - s) / step.squareRoot())
                    return total + m * outside
                }
            }
            c = target <= 0 ? .infinity : bisect(from: 0, to: 40) { crossing($0) > target }
            levels.append(2 * (1 - StudentT.normalCDF(c)))
            let next = Region(bound: c, t: t, points: points)
            density = next.grid.map { s in
                zip(region.grid, mass).reduce(0) { $0 + $1.1 * normalDensity(s - $1.0, variance: step) }
            }
            region = next
        }
        return levels
    }

    /// The grid of the continuation region |S| < bound·√t on the scale S = Z·√t, with Simpson's
    /// weights; beyond 8 standard deviations there is no mass to integrate.
    struct Region {
        var grid: [Double]
        var weights: [Double]

        init(bound: Double, t: Double, points: Int) {
            let half = min(bound, 8) * t.squareRoot()
            let h = 2 * half / Double(points - 1)
            grid = (0..<points).map { -half + Double($0) * h }
            weights = (0..<points).map { i in
                (i == 0 || i == points - 1 ? 1 : i % 2 == 1 ? 4 : 2) * h / 3
            }
        }
    }

    static func normalDensity(_ x: Double, variance: Double) -> Double {
        exp(-x * x / (2 * variance)) / (2 * Double.pi * variance).squareRoot()
    }

    /// Φ⁻¹(p), by bisection on Φ.
    static func normalQuantile(_ p: Double) -> Double {
        bisect(from: -40, to: 40) { StudentT.normalCDF($0) < p }
    }

    /// The point in [low, high] where `below` turns from true to false (it is monotone).
    static func bisect(from low: Double, to high: Double, _ below: (Double) -> Bool) -> Double {
        var (low, high) = (low, high)
        for _ in 0..<80 {
            let middle = (low + high) / 2
            if below(middle) { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
