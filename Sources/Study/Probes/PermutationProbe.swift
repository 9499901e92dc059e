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

    /// A row per model of `models` that has runs on both kinds of images, over the seeds it has
    /// both runs of, each run's accuracy at `endPoint`.
    package init(
        permutationSeed: UInt64, original: [StudyModel: [RunRecord]], permuted: [StudyModel: [RunRecord]],
        models: [StudyModel], endPoint: EndPoint = .final
    ) {
        self.permutationSeed = permutationSeed
        rows = models.compactMap { m in
            guard let p = permuted[m] else { return nil }
            let seeds = Set(p.map(\.run.configuration.seed))
            guard let o = original[m]?.filter({ seeds.contains($0.run.configuration.seed) }), !o.isEmpty, !p.isEmpty
            else { return nil }
            let a = SampleSummary(o.compactMap { endPoint.accuracy(of: $0.run) })
            let b = SampleSummary(p.compactMap { endPoint.accuracy(of: $0.run) })
            return Row(model: m, original: a, permuted: b, comparison: Comparison(b, a))
        }
    }

    package func row(_ model: StudyModel) -> Row? { rows.first { $0.model == model } }
}
