import NeuralNet

/// A percentile bootstrap 95% confidence interval for mean(a) − mean(b): both samples resampled
/// with replacement `resamples` times from a fixed seed, so the same numbers give the same
/// interval. With three seeds a side it is coarse (few distinct resamples), and says so by
/// being wide; it complements Welch's test, which assumes normal seed noise.
package struct BootstrapInterval: Codable, Sendable, Equatable {
    package var lower: Double
    package var upper: Double

    package static let resamples = 10_000
    /// Below this many seeds a side, resampling them cannot reach past their range: too narrow.
    package static let minimumSeeds = 8
    package static let level = 0.95

    /// nil when either sample is empty.
    package init?(_ a: [Double], _ b: [Double], seed: UInt64 = 0x0B00_7575) {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        var generator = SeededGenerator(seed: seed)
        func resampledMean(_ values: [Double]) -> Double {
            var sum = 0.0
            for _ in values.indices {
                sum += values[Int(UInt64(values.count).multipliedFullWidth(by: generator.next()).high)]
            }
            return sum / Double(values.count)
        }
        let differences = (0..<Self.resamples).map { _ in resampledMean(a) - resampledMean(b) }.sorted()
        let tail = (1 - Self.level) / 2
        lower = differences[Int((tail * Double(Self.resamples)).rounded(.down))]
        upper = differences[Int(((1 - tail) * Double(Self.resamples)).rounded(.down)) - 1]
    }

    package func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}
