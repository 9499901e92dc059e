import Deployment
import Foundation
import NeuralNet
import ReportKit
import Study
import Testing

/// The artifact carries the training record as plain JSON: the same JSON the study writes for it.
@Suite struct StudyArtifactTests {
    @Test func manifestKeepsTheTrainingConfigurationAsItsJSON() throws {
        let configuration = TrainingConfiguration(
            model: .cnn3Valid, epochs: 7, batchSize: 32, seed: 4, trainingLimit: 300)
        let run = TrainingRun(
            configuration: configuration, architecture: ModelDefinition.cnn3Valid.architecture, parameterCount: 1,
            trainingCount: 1, validationCount: 0, testCount: 1, epochs: [], totalSeconds: 0)
        let manifest = try StudyArtifact.manifest(run, classNames: ["a"], dataMD5: [:])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(manifest.training) == encoder.encode(configuration))
        let decoded = try JSONDecoder().decode(TrainingConfiguration.self, from: try encoder.encode(manifest.training))
        #expect(decoded == configuration)
        #expect(manifest.seed == 4 && manifest.testAccuracy == nil && manifest.inputShape == [32, 32, 3])
    }
}
