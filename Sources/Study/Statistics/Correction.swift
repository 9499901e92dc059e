/// How a study's p-values are adjusted for testing several comparisons at once: every comparison
/// of a study is one family, so that the chance of any false "better" or "worse" stays at the level.
package enum Correction: String, Codable, Sendable, CaseIterable {
    /// Each comparison at the level on its own (the family's error rate grows with its size).
    case none
    /// Holm–Bonferroni: step-down, as strong as Bonferroni's guarantee and never less powerful.
    case holm
    /// Bonferroni: each p-value times the number of comparisons.
    case bonferroni

    /// The adjusted p-values, in the order given (statsmodels' `multipletests`).
    package func adjust(_ p: [Double]) -> [Double] {
        let m = Double(p.count)
        switch self {
        case .none: return p
        case .bonferroni: return p.map { min(1, $0 * m) }
        case .holm:
            let order = p.indices.sorted { p[$0] < p[$1] }
            var adjusted = [Double](repeating: 1, count: p.count)
            var running = 0.0
            for (rank, i) in order.enumerated() {
                running = max(running, min(1, (m - Double(rank)) * p[i]))
                adjusted[i] = running
            }
            return adjusted
        }
    }
}
