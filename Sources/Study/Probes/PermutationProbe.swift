/// Models (the lab's: the MLP and the CNN) trained and tested on images whose pixel positions are
/// scrambled by one fixed permutation, against the same models on the images as they are, over
/// the same seeds.
public struct PermutationProbe: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var model: StudyModel
        public var original: SampleSummary
        public var permuted: SampleSummary
        /// Permuted minus original.
        public var welch: WelchTest
    }

    public var permutationSeed: UInt64
    public var rows: [Row]

    /// A row per model of `models` that has runs on both kinds of images.
    public init(
        permutationSeed: UInt64, original: [StudyModel: [RunRecord]], permuted: [StudyModel: [RunRecord]],
        models: [StudyModel]
    ) {
        self.permutationSeed = permutationSeed
        rows = models.compactMap { m in
            guard let o = original[m], let p = permuted[m], !o.isEmpty, !p.isEmpty else { return nil }
            let a = SampleSummary(o.map(\.testAccuracy))
            let b = SampleSummary(p.map(\.testAccuracy))
            return Row(model: m, original: a, permuted: b, welch: WelchTest(b, a))
        }
    }

    public func row(_ model: StudyModel) -> Row? { rows.first { $0.model == model } }
}
