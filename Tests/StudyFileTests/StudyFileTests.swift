import ConvLabTestSupport
import NeuralNet
import Study
import Testing

@testable import StudyFile

/// Parses `text` as the study file "mine.yaml" with the lab's models built in.
func parse(_ text: String) throws -> StudyFile.Loaded {
    try StudyFile.parse(text, file: "mine.yaml", builtIn: ModelDefinition.builtIn)
}

let header = """
    title: Kernel sizes and dropout
    question: Do 7×7 kernels or dropout help the lab's CNN?

    """

@Suite struct StudyFileTests {
    static let valid =
        header + """
            data: {training_images: 2000, test_images: 500, validation: 200}
            training:
              epochs: 2
              batch: 32
              learning_rate: 0.002
              schedule: {cosine: {warmup: 1}}
              augmentation: true
              early_stopping: {patience: 2}
            models:
              cnn7: {from: cnn3, kernel: 7, title: "CNN, 7×7 kernels"}
              cnn3-drop: {from: cnn3, dropout: 0.3}
              cnn3-norm: {from: cnn3, batch_norm: true}
              tiny:
                layers:
                  - conv2d: {filters: 8, kernel: 3, padding: valid}
                  - relu
                  - max_pool: 2
                  - flatten
                  - dense: 10
            experiments:
              - name: kernels
                baseline: cnn3
                compare: [cnn7, tiny]
                seeds: 2
              - {name: regularisation, title: Dropout or batch norm?, baseline: cnn3, compare: [cnn3-drop, cnn3-norm]}
            probes:
              translation: [cnn3, cnn7]
              receptive_fields: [cnn3, cnn7]
              feature_maps: cnn7
            """

    /// The validation count a file gives is the one its runs use; left out, it is a tenth of the
    /// training images (of CIFAR-10's 50,000 when the file takes them all).
    @Test func theValidationCountIsUsedAsGivenOrIsATenth() throws {
        let experiment = "experiments:\n  - {name: width, baseline: cnn3, compare: [cnn5]}\n"
        let data = { (section: String) in try parse(header + "data: \(section)\n" + experiment).definition }
        let given = try data("{training_images: 6000, validation: 1000}")
        #expect(given.plan(threads: 2).allSatisfy { $0.validationCount == 1000 && $0.trainingLimit == 6000 })
        #expect(try data("{training_images: 6000}").data.validationCount == 600)
        #expect(try data("{test_images: 100}").data.validationCount == 5000)
    }

    @Test func geluAndAConstantScaleAfterTheLogitsAreLayers() throws {
        let text =
            header + """
                models:
                  smooth:
                    layers:
                      - conv2d: {filters: 8, kernel: 3}
                      - gelu
                      - max_pool: 3
                      - flatten
                      - dense: 10
                      - scale: 0.125
                experiments:
                  - {name: e, baseline: cnn3, compare: [smooth]}
                """
        #expect(
            try parse(text).definition.model(named: "smooth")?.architecture.layers == [
                .conv2d(filters: 8, kernelSize: 3, padding: .same), .gelu, .maxPool2d(size: 3), .flatten,
                .dense(units: 10), .scale(factor: 0.125),
            ])
        #expect(throws: StudyFileError.self) {
            try parse(text.replacingOccurrences(of: "- scale: 0.125", with: "- scale: 1e9"))
        }
    }

    @Test func aStudyReadsIntoItsDefinition() throws {
        let loaded = try parse(Self.valid)
        let study = loaded.definition
        #expect(study.title == "Kernel sizes and dropout")
        #expect(study.data == DataSelection(trainingLimit: 2000, testLimit: 500, validationCount: 200))
        #expect(study.training.epochs == 2 && study.training.batchSize == 32)
        #expect(study.training.optimizer.learningRate == 0.002)
        #expect(study.training.schedule == .cosine(warmupEpochs: 1))
        #expect(study.training.augmentation == Augmentation(cropPadding: 4, flips: true))
        #expect(study.training.earlyStopping == EarlyStopping(patience: 2))
        #expect(study.models.map(\.name) == ["cnn3", "cnn7", "cnn3-drop", "cnn3-norm", "tiny"])
        #expect(study.experiments.map(\.seeds) == [2, 3])
        #expect(study.experiments[1].title == "Dropout or batch norm?")
        #expect(study.experiments[0].compared == ["cnn7", "tiny"])
        #expect(
            study.probes
                == ProbeSelection(
                    translation: ["cnn3", "cnn7"], receptiveFields: ["cnn3", "cnn7"], featureMaps: "cnn7"))
        #expect(loaded.notes.isEmpty)
        let tiny = try #require(study.model(named: "tiny"))
        #expect(
            tiny.architecture.layers == [
                .conv2d(filters: 8, kernelSize: 3, padding: .valid), .relu, .maxPool2d(size: 2), .flatten,
                .dense(units: 10),
            ])
        #expect(study.model(named: "cnn7")?.title == "CNN, 7×7 kernels")
        #expect(study.model(named: "cnn7")?.change == "cnn3 with 7×7 kernels")
    }

    /// The changes rebuild the lab's own variants layer for layer.
    @Test func changesToCnn3GiveTheLabsVariants() throws {
        let study = try parse(
            header + """
                models:
                  k5: {from: cnn3, kernel: 5}
                  bn: {from: cnn3, batch_norm: true}
                  drop: {from: cnn3, dropout: 0.3}
                  valid: {from: cnn3, padding: valid}
                  deep-bn: {from: cnn3-3blocks, batch_norm: true}
                experiments:
                  - {name: all, baseline: cnn3, compare: [k5, bn, drop, valid, deep-bn]}
                """
        ).definition
        let pairs: [(String, ModelDefinition)] = [
            ("k5", .cnn5), ("bn", .cnn3BatchNorm), ("drop", .cnn3Dropout), ("valid", .cnn3Valid),
            ("deep-bn", .cnn3ThreeBlocksBatchNorm),
        ]
        for (name, lab) in pairs { #expect(study.model(named: name)?.architecture.layers == lab.architecture.layers) }
    }

    @Test func aModelNoExperimentUsesGetsANote() throws {
        let loaded = try parse(
            header
                + "models:\n  spare: {from: cnn3, kernel: 7}\nexperiments:\n  - {name: e, baseline: cnn3, compare: [cnn5]}\n"
        )
        #expect(
            loaded.notes == [
                "mine.yaml:4:10: models.spare: spare is defined but no experiment or probe uses it; compare it or remove it"
            ])
        #expect(loaded.definition.model(named: "spare") == nil)
    }

    @Test func oneSeedIsAllowedWithANoteThatNothingCanBeTested() throws {
        let loaded = try parse(header + "experiments:\n  - {name: once, baseline: cnn3, compare: [cnn5], seeds: 1}\n")
        #expect(loaded.definition.experiments[0].canBeTested == false)
        #expect(loaded.notes.count == 1)
        #expect(loaded.notes[0].hasPrefix("mine.yaml:4:5: experiments[0]: once has one seed"))
        #expect(loaded.notes[0].contains("use `seeds: 2` or more"))
    }
}
