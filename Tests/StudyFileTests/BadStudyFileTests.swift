import ConvLabTestSupport
import Study
import Testing

@testable import StudyFile

/// Each kind of mistake gets one error naming the file, the line and column, the field, what is
/// wrong and how to fix it.
@Suite struct BadStudyFileTests {
    /// The error `text` gives, checked to point at where `snippet` starts.
    func error(_ text: String, at snippet: String) throws -> String {
        let thrown = try #require(throws: StudyFileError.self) { try parse(text) }
        let (line, column) = position(of: snippet, in: text)
        #expect(thrown.line == line && thrown.column == column, "\(thrown) should point at \(snippet)")
        #expect(thrown.description.hasPrefix("mine.yaml:\(line):\(column):"))
        return thrown.description
    }

    func model(_ layers: String) -> String {
        header + "models:\n  mine:\n    layers:\n" + layers
            + "experiments:\n  - {name: e, baseline: cnn3, compare: [mine]}\n"
    }

    @Test func anUnknownLayer() throws {
        let message = try error(model("      - conv3d: {filters: 8, kernel: 3}\n      - dense: 10\n"), at: "conv3d")
        #expect(message.contains("models.mine.layers[0]: unknown layer \"conv3d\"; use one of conv2d, dense"))
    }

    @Test func anUnknownOption() throws {
        let message = try error(header + "training: {epoch: 5}\nexperiments: []\n", at: "epoch")
        #expect(message.contains("training: unknown training setting \"epoch\"; use one of epochs, batch"))
        let change = try error(
            header + "models:\n  m: {from: cnn3, kernels: 5}\nexperiments: []\n", at: "kernels: 5")
        #expect(
            change.contains(
                "models.m: unknown model setting \"kernels\"; use one of title, label, layers, from, training, kernel"))
    }

    @Test func validPaddingThatShrinksTheMapToNothing() throws {
        let conv = "      - conv2d: {filters: 8, kernel: 7, padding: valid}\n      - max_pool: 2\n"
        let text = model(
            conv + conv
                + "      - conv2d: {filters: 8, kernel: 5, padding: valid}\n      - flatten\n      - dense: 10\n")
        // 32 → 26 → 13 → 7 → 3; a 5×5 valid kernel cannot fit a 3×3 map.
        let message = try error(text, at: "conv2d: {filters: 8, kernel: 5")
        #expect(message.contains("models.mine.layers[4]: a 5×5 kernel with valid padding does not fit the 3×3 map"))
        #expect(message.contains("use padding: same, a smaller kernel, or fewer pooling layers"))
    }

    @Test func poolingThatShrinksTheMapToNothing() throws {
        let pools = String(repeating: "      - max_pool: 2\n", count: 6)
        let text = model(pools + "      - flatten\n      - dense: 10\n")
        let thrown = try #require(throws: StudyFileError.self) { try parse(text) }
        #expect(thrown.field == "models.mine.layers[5]" && thrown.line == position(of: "max_pool", in: text).line + 5)
        #expect(thrown.problem == "pooling by 2 shrinks the 1×1 map it gets to nothing")
    }

    @Test func denseBeforeFlatten() throws {
        let text = model("      - conv2d: {filters: 8, kernel: 3}\n      - dense: 10\n")
        let message = try error(text, at: "dense: 10")
        #expect(message.contains("models.mine.layers[1]: dense gets a 32×32×8 map; put `- flatten`"))
    }

    @Test func aKernelLargerThanItsInput() throws {
        let text = model(
            "      - conv2d: {filters: 8, kernel: 35, padding: valid}\n      - flatten\n      - dense: 10\n")
        let message = try error(text, at: "conv2d")
        #expect(message.contains("a 35×35 kernel with valid padding does not fit the 32×32 map"))
    }

    @Test func theLastLayerMustGiveTenClasses() throws {
        let message = try error(model("      - flatten\n      - dense: 7\n"), at: "layers")
        #expect(message.contains("models.mine: the last layer is not `dense: 10`"))
    }

    @Test func anExperimentNamingAnUndefinedModel() throws {
        let text = header + "experiments:\n  - {name: e, baseline: cnn3, compare: [cnn9]}\n"
        let message = try error(text, at: "cnn9")
        #expect(message.contains("experiments[0].compare[0]: no model named \"cnn9\"; define it under `models:`"))
        let base = try error(header + "models:\n  m: {from: vgg, kernel: 3}\nexperiments: []\n", at: "vgg")
        #expect(base.contains("models.m.from: no model \"vgg\" to start from"))
    }

    @Test func aProbeAModelCannotTake() throws {
        let experiment = "experiments:\n  - {name: e, baseline: cnn3, compare: [cnn5]}\n"
        let field = try error(header + experiment + "probes: {receptive_fields: [mlp]}\n", at: "[mlp]")
        #expect(field.contains("probes.receptive_fields: mlp has no convolution to probe; name a convolutional model"))
        let maps = try error(header + experiment + "probes: {feature_maps: cnn3-bn}\n", at: "cnn3-bn")
        #expect(maps.contains("probes.feature_maps: cnn3-bn has no conv2d followed directly by relu"))
    }

    @Test func duplicateNames() throws {
        let experiments =
            header
            + "experiments:\n  - {name: e, baseline: cnn3, compare: [cnn5]}\n"
            + "  - {name: e, baseline: mlp, compare: [cnn3]}\n"
        let message = try error(experiments, at: "{name: e, baseline: mlp")
        #expect(message.contains("experiments[1]: a second experiment named \"e\"; give each experiment its own name"))
        let models = header + "models:\n  m: {from: cnn3}\n  m: {from: cnn5}\nexperiments: []\n"
        let thrown = try #require(throws: StudyFileError.self) { try parse(models) }
        #expect(thrown.description.contains("m"), "\(thrown)")
        #expect(thrown.line != nil)
    }

    @Test func yamlSyntaxAndMissingSections() throws {
        let broken = try #require(throws: StudyFileError.self) { try parse("title: x\n  question: [y\n") }
        #expect(broken.line != nil && broken.problem.hasPrefix("YAML syntax: "))
        let empty = try #require(throws: StudyFileError.self) { try parse("") }
        #expect(empty.description == "mine.yaml: the file is empty; write a study in it (see studies/lab.yaml)")
        let noExperiments = try #require(throws: StudyFileError.self) { try parse(header) }
        #expect(noExperiments.problem == "there is no `experiments:`")
    }

    /// A claim is decided by a comparison or probe of the file's own; one it does not make is refused.
    @Test func aClaimNoExperimentOrProbeCanDecide() throws {
        let experiments = "experiments:\n  - {name: e, baseline: cnn3, compare: [cnn5]}\n"
        let uncompared = try error(
            header + experiments + "claims:\n  - {claim: x, better: mlp, than: cnn3}\n", at: "mlp, than")
        #expect(uncompared.contains("claims[0].better: no experiment compares mlp with cnn3; add an experiment"))
        let unprobed = try error(
            header + experiments + "claims:\n  - {claim: y, more_shift_tolerant: cnn5, than: cnn3}\n",
            at: "cnn5, than")
        #expect(unprobed.contains("probes.translation does not measure both cnn5 and cnn3"))
        let two = try error(
            header + experiments + "claims:\n  - {claim: z, better: cnn5, no_better: cnn5, than: cnn3}\n",
            at: "{claim: z")
        #expect(two.contains("claims[0]: the claim names 2 tests; give exactly one of better, no_better"))
        let decided = try parse(header + experiments + "claims:\n  - {claim: w, no_better: cnn5, than: cnn3}\n")
        #expect(decided.definition.claims == [ClaimDefinition(text: "w", test: .noBetter(model: "cnn5", than: "cnn3"))])
    }

    @Test func anUnknownReportSectionOrAnUntrainedFeaturedModel() throws {
        let experiments = "experiments:\n  - {name: e, baseline: cnn3, compare: [cnn5]}\n"
        let section = try error(header + experiments + "report: {sections: [data, charts]}\n", at: "charts")
        #expect(section.contains("unknown value \"charts\"; use one of data, architectures, training, results"))
        let featured = try error(header + experiments + "report: {featured: [mlp]}\n", at: "{featured")
        #expect(featured.contains("mlp is featured but no experiment or probe trains it"))
    }
}
