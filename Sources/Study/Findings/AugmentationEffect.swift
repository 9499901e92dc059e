/// What test-time augmentation adds to a model whose recipe uses it: the same trained networks'
/// test accuracy with it (the `final` end point) against without it (the last epoch's plain pass),
/// paired by run, so no retraining is involved. One comparison of the study's family.
package struct AugmentationEffect: Codable, Sendable, Equatable {
    package var model: StudyModel
    package var views: TestTimeAugmentation
    package var seeds: [UInt64]
    package var augmented: SampleSummary
    package var plain: SampleSummary
    /// Augmented minus plain, tested on the per-run differences.
    package var comparison: Comparison

    /// The effect over `runs` (one model's, sorted by seed); nil when none of them used
    /// test-time augmentation.
    package init?(_ model: StudyModel, runs: [RunRecord]) {
        let measured = runs.filter { $0.run.augmentedTestAccuracy != nil && $0.run.final != nil }
        guard let views = measured.first?.run.configuration.testTimeAugmentation else { return nil }
        let augmented = measured.compactMap(\.run.augmentedTestAccuracy)
        let plain = measured.compactMap { $0.run.final?.testAccuracy }
        self.init(
            model: model, views: views, seeds: measured.map(\.run.configuration.seed),
            augmented: SampleSummary(augmented), plain: SampleSummary(plain),
            comparison: Comparison(DifferenceTest(paired: augmented, plain)))
    }

    package init(
        model: StudyModel, views: TestTimeAugmentation, seeds: [UInt64], augmented: SampleSummary,
        plain: SampleSummary, comparison: Comparison
    ) {
        (self.model, self.views, self.seeds) = (model, views, seeds)
        (self.augmented, self.plain, self.comparison) = (augmented, plain, comparison)
    }
}

extension Array where Element == RunRecord {
    /// Test-time augmentation's effect on each model of `models` trained with it, compared at the
    /// `final` end point (the only one that measures it).
    package func augmentationEffects(_ models: [StudyModel], endPoint: EndPoint) -> [AugmentationEffect] {
        guard endPoint == .final else { return [] }
        return models.compactMap { model in
            AugmentationEffect(model, runs: bySeed(model))
        }
    }
}
