/// Every comparison of a study is one family: their p-values adjusted together (Holm by default),
/// each decided at its adjusted p-value, so the chance that any verdict of the study is a false
/// "better" or "worse" stays at 5%.
package enum ComparisonFamily {
    /// Decides `comparisons` together; untestable ones are not counted.
    package static func decide(_ comparisons: inout [Comparison], correction: Correction) {
        let tested = comparisons.indices.filter { comparisons[$0].test.p != nil }
        let adjusted = correction.adjust(tested.compactMap { comparisons[$0].test.p })
        for (i, p) in zip(tested, adjusted) { comparisons[i].decide(adjustedP: p) }
    }
}
