extension TrainingConfiguration {
    /// Whether `other` trains the same way: everything but which model, its seed, its thread count
    /// and the pixel permutation.
    package func hasSameRecipe(as other: TrainingConfiguration) -> Bool {
        var mine = self
        (mine.model, mine.architecture, mine.seed) = (other.model, other.architecture, other.seed)
        (mine.computeThreads, mine.pixelPermutationSeed) = (other.computeThreads, other.pixelPermutationSeed)
        return mine == other
    }
}

extension StudyResults {
    /// A training recipe of the study and the models trained with it.
    package struct Recipe: Sendable {
        package var configuration: TrainingConfiguration
        package var models: [StudyModel]
    }

    /// The study's recipes in the order of the models that first use them, as each model's
    /// lowest-seed run records its recipe: one when every model trains the same way.
    package var recipes: [Recipe] {
        var recipes: [Recipe] = []
        for model in models.map(\.model) {
            guard let configuration = lowestSeedRun(model)?.run.configuration else { continue }
            if let i = recipes.firstIndex(where: { $0.configuration.hasSameRecipe(as: configuration) }) {
                recipes[i].models.append(model)
            } else {
                recipes.append(Recipe(configuration: configuration, models: [model]))
            }
        }
        return recipes
    }
}
