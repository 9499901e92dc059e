import ConvLabTestSupport
import NeuralNet
import Study
import Testing

@testable import StudyFile

/// The layer settings airbench's network is written with: `bias: false` on conv2d and dense, an
/// even kernel with valid padding, and batch norm's momentum, ε and `scale: false`.
@Suite struct LayerSettingsStudyFileTests {
    func model(_ layers: String) -> String {
        header + "models:\n  mine:\n    layers:\n" + layers
            + "experiments:\n  - {name: e, baseline: cnn3, compare: [mine]}\n"
    }

    func layers(_ text: String) throws -> [LayerSpec]? {
        try parse(model(text)).definition.model(named: "mine")?.architecture.layers
    }

    @Test func airbenchsSettingsReadIntoTheLayers() throws {
        let text = """
                  - normalize: cifar10
                  - conv2d: {filters: 24, kernel: 2, padding: valid}
                  - gelu
                  - conv2d: {filters: 64, kernel: 3, bias: false}
                  - max_pool: 2
                  - batch_norm: {momentum: 0.4, epsilon: 1.0e-12, scale: false}
                  - gelu
                  - max_pool: 15
                  - flatten
                  - dense: {units: 10, bias: false}
                  - scale: 0.111

            """
        let norm = BatchNormSettings(momentum: 0.4, epsilon: 1e-12, scales: false)
        #expect(
            try layers(text) == [
                .cifar10Normalization, .conv2d(filters: 24, kernelSize: 2, padding: .valid), .gelu,
                .conv2d(filters: 64, kernelSize: 3, padding: .same, bias: false), .maxPool2d(size: 2),
                .batchNorm(norm), .gelu, .maxPool2d(size: 15), .flatten, .dense(units: 10, bias: false),
                .scale(factor: 0.111),
            ])
        let bare = "      - conv2d: {filters: 8, kernel: 3}\n      - batch_norm\n      - flatten\n      - dense: 10\n"
        #expect(try layers(bare)?[1] == .batchNorm(.keras))
    }

    @Test func normalizeTakesItsStatisticsOrCifar10s() throws {
        let own =
            "      - normalize: {mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]}\n      - flatten\n      - dense: 10\n"
        #expect(try layers(own)?.first == .normalize(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]))
        let short = model("      - normalize: {mean: [0.5], std: [0.25]}\n      - flatten\n      - dense: 10\n")
        let thrown = try #require(throws: StudyFileError.self) { try parse(short) }
        #expect(thrown.description.contains("normalize gives 1 means for the 3 channels it gets"))
        let zero = model("      - normalize: {mean: [0, 0, 0], std: [1, 0, 1]}\n      - flatten\n      - dense: 10\n")
        #expect(throws: StudyFileError.self) { try parse(zero) }
    }

    @Test func anEvenKernelNeedsValidPadding() throws {
        let text = model("      - conv2d: {filters: 8, kernel: 2}\n      - flatten\n      - dense: 10\n")
        let thrown = try #require(throws: StudyFileError.self) { try parse(text) }
        let (line, column) = position(of: "2}", in: text)
        #expect(thrown.line == line && thrown.column == column)
        #expect(thrown.description.contains("no centre pixel for `same` padding to keep"))
        #expect(thrown.description.contains("or `padding: valid`"))
    }

    /// A bad value is pointed at; an unknown setting at its key.
    @Test(arguments: [
        ("momentum: 1", "out of range"), ("epsilon: 0", "epsilon is 0"), ("scale: maybe", "expected true or false"),
        ("gamma: 1", "unknown batch_norm setting \"gamma\""),
    ])
    func aBadBatchNormSettingIsRefusedWhereItIs(setting: String, says: String) throws {
        let text = model("      - flatten\n      - batch_norm: {\(setting)}\n      - dense: 10\n")
        let thrown = try #require(throws: StudyFileError.self) { try parse(text) }
        let (line, keyColumn) = position(of: setting, in: text)
        let valueColumn = keyColumn + setting.distance(from: setting.startIndex, to: setting.firstIndex(of: " ")!) + 1
        #expect(thrown.line == line && thrown.column == (setting.hasPrefix("gamma") ? keyColumn : valueColumn))
        #expect(thrown.description.contains(says), "\(thrown)")
    }

    @Test func aScalarBatchNormSettingSaysWhatToWrite() throws {
        let text = model("      - flatten\n      - batch_norm: 0.4\n      - dense: 10\n")
        let thrown = try #require(throws: StudyFileError.self) { try parse(text) }
        #expect(thrown.description.contains("batch_norm's settings are a mapping"))
        #expect(thrown.description.contains("{momentum: 0.6, epsilon: 1.0e-12, scale: false}"))
    }
}
