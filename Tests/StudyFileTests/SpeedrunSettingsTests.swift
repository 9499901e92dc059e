import ConvLabTestSupport
import NeuralNet
import Study
import Testing

@testable import StudyFile

/// airbench's `training:` settings: what each reads into, and each mistake refused where it is.
@Suite struct SpeedrunSettingsTests {
    func study(_ training: String, model: String = "cnn3") -> String {
        header + "training:\n" + training + "experiments:\n  - {name: e, baseline: mlp, compare: [\(model)]}\n"
    }

    func recipe(_ training: String) throws -> TrainingRecipe { try parse(study(training)).definition.training }

    @Test func shortFormsMeanAirbenchsValues() throws {
        let r = try recipe(
            "  epochs: 2.5\n  optimizer: sgd\n  schedule: {linear: }\n  lookahead: true\n  drop_last: true\n"
                + "  label_smoothing: 0.2\n  augmentation: {crop_padding: 2, reflect: true, flips: alternating}\n"
                + "  test_time_augmentation: mirror\n")
        #expect((r.epochs, r.fractionalEpochs) == (3, 2.5))
        #expect(r.sgd == .airbench && r.schedule == .airbench && r.lookahead == LookaheadSchedule())
        #expect(r.dropsLastBatch == true && r.labelSmoothing == 0.2 && r.testTimeAugmentation == .mirror)
        #expect(r.augmentation == Augmentation(cropPadding: 2, reflects: true, alternatesFlips: true))
        let whole = try recipe("  epochs: 4.0\n  optimizer: adam\n  label_smoothing: 0\n  drop_last: false\n")
        #expect((whole.epochs, whole.fractionalEpochs, whole.sgd, whole.labelSmoothing) == (4, nil, nil, nil))
        #expect(whole.dropsLastBatch == nil)
    }

    func error(_ text: String, at snippet: String) throws -> String {
        let thrown = try #require(throws: StudyFileError.self) { try parse(text) }
        let (line, column) = position(of: snippet, in: text)
        #expect(thrown.line == line && thrown.column == column, "\(thrown) should point at \(snippet)")
        return thrown.description
    }

    @Test func adamsRateWithSGDIsRefusedAtTheRate() throws {
        let message = try error(study("  optimizer: sgd\n  learning_rate: 0.01\n"), at: "0.01")
        #expect(message.contains("learning_rate and weight_decay here are Adam's"))
        #expect(message.contains("optimizer: {sgd: {learning_rate: 11.5"))
    }

    @Test func aFlipThatIsNeitherIsRefused() throws {
        let message = try error(study("  augmentation: {flips: sometimes}\n"), at: "sometimes")
        #expect(message.contains("use one of true, false, alternating"))
    }

    @Test func whiteningAModelWithoutAWhiteningConvIsRefusedAtTheTraining() throws {
        let text = study("  whitening: true\n")
        let thrown = try #require(throws: StudyFileError.self) { try parse(text) }
        #expect(thrown.description.contains("mlp cannot start from a whitening layer"))
        #expect(
            thrown.description.contains("begin its layers with `- conv2d: {filters: 24, kernel: 2, padding: valid}`"))
    }
}
