/// Models (the lab's: the MLP and the CNN) trained and tested on images whose pixel positions are
/// scrambled by one fixed permutation, against the same models on the images as they are, over
/// the same seeds.
package struct PermutationProbe: Codable, Sendable, Equatable {
    package struct Row: Codable, Sendable, Equatable {
        package var model: StudyModel
        package var original: SampleSummary
        package var permuted: SampleSummary
        /// Permuted minus original: one comparison of the study's family (`ComparisonFamily`).
        package var comparison: Comparison
    }

    package var permutationSeed: UInt64
    package var rows: [Row]

    /// A row per model of `models` that has runs on both kinds of images.
    package init(
        permutationSeed: UInt64, original: [StudyModel: [RunRecord]], permuted: [StudyModel: [RunRecord]],
        models: [StudyModel]
    ) {
        self.permutationSeed = permutationSeed
        rows = models.compactMap { m in
            guard let o = original[m], let p = permuted[m], !o.isEmpty, !p.isEmpty else { return nil }
            let a = SampleSummary(o.map(\.testAccuracy))
            let b = SampleSummary(p.map(\.testAccuracy))
            return Row(model: m, original: a, permuted: b, comparison: Comparison(b, a))
        }
    }

    package func row(_ model: StudyModel) -> Row? { rows.first { $0.model == model } }
}
