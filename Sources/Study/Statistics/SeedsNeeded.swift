/// How many seeds each comparison of a study needs to detect the difference its experiment names
/// (`detect:`) with 80% power, from the spread of the seeds trained so far: at the family's most
/// stringent level, α/m for m comparisons (what Holm asks of its first, and Bonferroni of all).
package struct SeedsNeeded: Sendable, Equatable {
    package var experiment: String
    package var model: String
    /// The seeds both sides have runs of.
    package var seedsTrained: Int
    /// The spread the test sees: the pooled standard deviation, or the per-seed differences' (paired).
    package var spread: Double?
    package var detect: Double?
    package var level: Double
    /// nil when there is no spread yet, no `detect`, or more than `limit` seeds would be needed.
    package var seeds: Int?

    package static let limit = 1000

    /// A row per compared model of `definition`; `accuracy(model, seed)` is nil for a run not trained.
    package static func rows(_ definition: StudyDefinition, accuracy: (String, Int) -> Double?) -> [SeedsNeeded] {
        let comparisons =
            definition.experiments.map(\.compared.count).reduce(0, +) + definition.probes.permutation.count
        let level = Comparison.significanceLevel / Double(max(comparisons, 1))
        return definition.experiments.flatMap { e in
            e.compared.map { model in
                let seeds = (0..<max(e.maxSeeds, SeedsNeeded.limit)).prefix { s in
                    accuracy(model, s) != nil && accuracy(e.baseline, s) != nil
                }
                let a = seeds.compactMap { accuracy(model, $0) }
                let b = seeds.compactMap { accuracy(e.baseline, $0) }
                let test = e.paired ? DifferenceTest(paired: a, b) : DifferenceTest(.init(a), .init(b))
                let spread = a.count >= 2 && test.pooledStd > 0 ? test.pooledStd : nil
                let needed = spread.flatMap { s in
                    e.detect.flatMap {
                        TTestPower.seedsNeeded(effect: $0 / s, paired: e.paired, alpha: level, limit: limit)
                    }
                }
                return SeedsNeeded(
                    experiment: e.name, model: model, seedsTrained: a.count, spread: spread, detect: e.detect,
                    level: level, seeds: needed)
            }
        }
    }
}
