import ConvLabTestSupport
import Testing

@testable import Study

/// The report describes each recipe once, with the models trained by it.
@Suite struct StudyRecipesTests {
    @Test func modelsThatTrainAlikeShareARecipeWhateverTheirSeedOrThreads() throws {
        var results = try FindingsTests().results(cnn5: [0.7, 0.71, 0.69])
        #expect(results.recipes.map(\.models) == [[.mlp, .cnn3, .cnn5]])
        for i in results.runs.indices where results.runs[i].run.configuration.model == .cnn3 {
            results.runs[i].run.configuration.computeThreads = 2
        }
        #expect(results.recipes.count == 1)
        for i in results.runs.indices where results.runs[i].run.configuration.model == .cnn5 {
            results.runs[i].run.configuration.labelSmoothing = 0.2
        }
        let recipes = results.recipes
        #expect(recipes.map(\.models) == [[.mlp, .cnn3], [.cnn5]])
        #expect(recipes[1].configuration.labelSmoothing == 0.2 && recipes[0].configuration.labelSmoothing == nil)
    }
}
