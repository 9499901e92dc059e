import Foundation

/// "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, covering a range with about
/// `target` ticks, and labels with just enough decimals to tell them apart.
package enum Ticks {
    package static func step(for span: Double, target: Int = 5) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(target, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        return nice * magnitude
    }

    /// The axis range widened to whole steps, and the ticks within it.
    package static func nice(
        _ low: Double, _ high: Double, target: Int = 5
    ) -> (low: Double, high: Double, ticks: [Double]) {
        var (lo, hi) = (min(low, high), max(low, high))
        if lo == hi {
            lo -= lo == 0 ? 1 : abs(lo) * 0.1
            hi += hi == 0 ? 1 : abs(hi) * 0.1
        }
        let s = step(for: hi - lo, target: target)
        let firstIndex = Int(floor(lo / s + 1e-9))
        let lastIndex = Int(ceil(hi / s - 1e-9))
        // k / (1/s) rather than k · s: 3 / 10 is exactly 0.3, 3 · 0.1 is not.
        let value = { (k: Int) in s < 1 ? Double(k) / (1 / s).rounded() : Double(k) * s }
        let ticks = (firstIndex...lastIndex).map(value)
        return (ticks.first!, ticks.last!, ticks)
    }

    package static func labels(_ ticks: [Double]) -> [String] {
        guard ticks.count > 1 else { return ticks.map { format($0, decimals: 2) } }
        let s = abs(ticks[1] - ticks[0])
        let decimals = max(0, Int(ceil(-log10(s) - 1e-9)))
        return ticks.map { format($0, decimals: decimals) }
    }

    static func format(_ value: Double, decimals: Int) -> String {
        if abs(value) >= 10_000 && decimals == 0 { return NumberText.grouped(Int(value.rounded())) }
        return String(format: "%.\(decimals)f", value)
    }
}
