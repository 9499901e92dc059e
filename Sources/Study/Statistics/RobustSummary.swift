/// rliable's robust measures over seeds (Agarwal et al., 2021), beside the mean: the
/// interquartile mean, which one outlying seed cannot drag, and the probability that a seed of
/// one model beats a seed of the other.
package enum RobustSummary {
    /// The fewest seeds for which the interquartile mean drops a seed at each end: below it the
    /// IQM is the plain mean and says nothing more.
    package static let interquartileSeeds = 4

    /// The mean of the middle half: `scipy.stats.trim_mean(values, 0.25)` (⌊n/4⌋ values cut from
    /// each end); nil below `interquartileSeeds` values.
    package static func interquartileMean(_ values: [Double]) -> Double? {
        guard values.count >= interquartileSeeds else { return nil }
        let cut = values.count / 4
        let middle = values.sorted()[cut..<(values.count - cut)]
        return middle.reduce(0, +) / Double(middle.count)
    }

    /// P(A > B) over every pair of a seed of A and a seed of B, ties counting half (the
    /// Mann–Whitney U statistic over nA·nB); nil when either side is empty.
    package static func probabilityOfImprovement(_ a: [Double], over b: [Double]) -> Double? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let wins = a.reduce(0.0) { total, x in
            total + b.reduce(0.0) { $0 + (x > $1 ? 1 : x == $1 ? 0.5 : 0) }
        }
        return wins / Double(a.count * b.count)
    }
}
