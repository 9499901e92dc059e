import CIFAR
import ConvLabTestSupport
import Foundation
import NeuralNet
import ReportKit
import Study
import StudyFile
import Testing

/// The whole pipeline, `--quick`, on the lab's study file and a small synthetic CIFAR-10 folder
/// written by the test.
@Suite(.serialized) struct EndToEndTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-e2e-\(UUID().uuidString)")
    static let lab = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../studies/lab.yaml").standardized

    /// Class k: a bright square at one of ten places on noise; 60 images per batch file.
    func writeData() throws -> URL {
        try SyntheticCIFAR(in: root.appendingPathComponent("data"), perFile: 60, pattern: .squarePerClass).root
    }

    func study(_ data: CIFAR10, _ report: StudyReport, file: URL = lab) throws -> StudyResults {
        let definition = try StudyFile.load(file, builtIn: ModelDefinition.builtIn).definition
        var runner = StudyRunner(
            definition: definition, quick: true, threads: 1, data: data,
            provenance: try DataProvenance(data: data, source: .option),
            cacheRoot: report.cacheFolder)
        runner.log = { _ in }
        return try runner.run(command: "report --quick")
    }

    @Test func quickStudyWritesAConsistentReport() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try CIFAR10.load(from: try writeData())
        let report = StudyReport(root: root.appendingPathComponent("out"))
        let results = try study(data, report)
        try report.write(results, data: data)

        let markdown = try String(contentsOf: report.reportFolder.appendingPathComponent("README.md"), encoding: .utf8)
        let html = try String(contentsOf: report.reportFolder.appendingPathComponent("index.html"), encoding: .utf8)
        let single = try String(contentsOf: report.reportFolder.appendingPathComponent("report.html"), encoding: .utf8)

        // Every figure the report refers to exists and is a PNG.
        let markdownFigures = references(in: markdown, after: "](", until: ")")
        let htmlFigures = references(in: html, after: "src=\"", until: "\"")
        #expect(markdownFigures.count >= 12)
        #expect(Set(markdownFigures) == Set(htmlFigures))
        for path in markdownFigures {
            let bytes = try Data(contentsOf: report.reportFolder.appendingPathComponent(path))
            #expect(Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47], "\(path) is not a PNG")
        }
        // The figures folder holds exactly the figures the report places (one registry for both).
        let drawn = try FileManager.default.contentsOfDirectory(atPath: report.figuresFolder.path).filter {
            $0.hasSuffix(".png")
        }
        #expect(Set(drawn.map { "../figures/" + $0 }) == Set(markdownFigures))
        // The single-file page carries its figures inside.
        #expect(!single.contains("src=\"../figures/"))
        #expect(single.components(separatedBy: "data:image/png;base64,").count - 1 == htmlFigures.count)

        // Every section, in both renderings.
        for (title, anchor) in [
            ("Question and answers", "question-and-answers"), ("Data", "data"), ("Models", "models"),
            ("Training", "training"), ("Results", "results"),
            ("Does the CNN beat the MLP with fewer parameters?", "does-the-cnn-beat-the-mlp-with-fewer-parameters"),
            ("Does a 5×5 kernel beat 3×3?", "does-a-55-kernel-beat-33"),
            (
                "Padding, downsampling and depth, one change at a time",
                "padding-downsampling-and-depth-one-change-at-a-time"
            ),
            ("Translation: how much accuracy survives a shift", "translation-how-much-accuracy-survives-a-shift"),
            ("Pixel permutation: what locality is worth", "pixel-permutation-what-locality-is-worth"),
            ("Receptive fields: theoretical and effective", "receptive-fields-theoretical-and-effective"),
            ("Feature maps", "feature-maps"),
            ("Discussion", "discussion"), ("Deployment", "deployment"),
            ("Why these numbers can be trusted", "why-these-numbers-can-be-trusted"),
            ("Reproducibility", "reproducibility"),
        ] {
            #expect(markdown.contains("## \(title)\n"), "Markdown lacks \(title)")
            #expect(markdown.contains("(#\(anchor))"), "Markdown contents lack \(anchor)")
            #expect(html.contains("<h2 id=\"\(anchor)\">"), "HTML lacks \(anchor)")
        }

        // The numbers in the prose are those of results.json.
        let saved = try JSONFile.read(StudyResults.self, from: report.resultsFile)
        #expect(saved == results.withFindings())
        let findings = try #require(saved.findings)
        let cnn3 = try #require(saved.lowestSeedRun(.cnn3))
        let kernel = try #require(saved.experiments.first { $0.name == "kernel-size" })
        for number in [
            Format.accuracy(cnn3.testAccuracy), try #require(kernel.row(.cnn5)).accuracy.values.map(Format.percent)[0],
            Format.meanStd(try #require(kernel.row(.cnn3)).accuracy),
            Format.count(saved.description(.cnn3)!.parameters),
            Format.ratio(try #require(kernel.versus(.cnn5)).macRatio), saved.data.md5["test_batch.bin"]!,
        ] {
            #expect(markdown.contains(number), "the report does not say \(number)")
            #expect(html.contains(number), "the page does not say \(number)")
        }
        let probes = try #require(saved.probes)
        let permutation = try #require(probes.permutation?.row(.cnn3))
        let field = try #require(probes.receptiveFields.first)
        let mlp = try #require(findings.anatomy.first { $0.model == .mlp }?.largest)
        for number in [
            Format.meanStd(permutation.permuted), Format.signedPoints(permutation.comparison.difference),
            "\(field.theoretical)×\(field.theoretical)", Format.count(mlp.weights), Format.count(mlp.parameters),
            Format.accuracy(try #require(probes.translation?.curve(.cnn3, .wrap)).accuracy[8]),
        ] {
            #expect(markdown.contains(number), "the report does not say \(number)")
        }
        for id in ["translation", "permutation", "size-accuracy", "receptive-fields", "feature-maps", "mistakes-cnn3"] {
            #expect(markdownFigures.contains("../figures/\(id).png"), "no \(id) figure")
        }
        for e in saved.experiments { #expect(markdownFigures.contains("../figures/experiment-\(e.name).png")) }
        #expect(
            saved.models.map(\.model.rawValue)
                == ["mlp", "cnn3", "cnn5", "cnn3-valid", "cnn3-stride2", "cnn3-1block", "cnn3-3blocks"],
            "the study describes the models it trains")
        #expect(findings.claims.count == 4 && findings.sizeAccuracy.rows.count == saved.models.count)
        #expect(probes.featureMaps?.layers.map(\.channels) == [32, 64])
        // The experiments and the comparisons use the unpermuted runs only.
        #expect(kernel.row(.cnn3)?.accuracy.values.count == 2)
        let plan = try StudyFile.load(Self.lab, builtIn: ModelDefinition.builtIn).definition.plan(
            quick: true, threads: 1)
        #expect(saved.runs.count == plan.count && saved.runs.allSatisfy { !$0.reused })
        #expect(saved.lowestSeedRun(.cnn5)?.firstLayerFilters?.weights.count == 32 * 5 * 5 * 3)
        #expect(saved.lowestSeedRun(.mlp)?.firstLayerFilters == nil)
        // The engine's credentials: every layer type checked, every model's start near ln 10.
        #expect(Set(saved.engineChecks.map(\.kind)) == [.conv2d, .maxPooling2d, .relu, .flatten, .dense])
        #expect(saved.engineChecks.allSatisfy { $0.passed })
        #expect(saved.initialLosses.map(\.model) == saved.models.map(\.model))
        #expect(saved.initialLosses.allSatisfy { abs($0.loss.mean - log(10)) < 0.5 })
    }

    @Test func secondRunReusesTheCacheAndRenderOnlyReproducesTheReport() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try CIFAR10.load(from: try writeData())
        let report = StudyReport(root: root.appendingPathComponent("out"))
        let first = try study(data, report)
        try report.write(first, data: data)
        let markdown = try Data(contentsOf: report.reportFolder.appendingPathComponent("README.md"))

        // Render-only: from results.json alone (no cache needed), the same Markdown byte for byte.
        try FileManager.default.moveItem(at: report.cacheFolder, to: root.appendingPathComponent("cache-aside"))
        try report.write(try report.readResults(), data: data)
        #expect(try Data(contentsOf: report.reportFolder.appendingPathComponent("README.md")) == markdown)
        try FileManager.default.moveItem(at: root.appendingPathComponent("cache-aside"), to: report.cacheFolder)

        // Data used with --accept-modified-data: the data section says so before anything else.
        #expect(!String(decoding: markdown, as: UTF8.self).contains("Modified data"))
        var modified = first
        modified.data.modifiedFiles = [ModifiedFile(name: "data_batch_2.bin", md5: "0123", published: "4567")]
        try report.write(modified, data: data)
        let warned = try String(contentsOf: report.reportFolder.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(warned.contains("**Modified data.** `data_batch_2.bin` (MD5 `0123`, official `4567`) is not the"))
        #expect(warned.contains("read from modified binary files"))
        #expect(
            warned.contains("**Modified data.**")
                && warned.firstRange(of: "**Modified data.**")!.lowerBound
                    < warned.firstRange(of: "## Data")!.lowerBound,
            "the warning stands before the data section")

        // A corrupt entry is reported and trained again; the others are reused, with the same numbers.
        let corrupted = first.runs[2].key
        try Data("{ not json".utf8).write(
            to: report.cacheFolder.appendingPathComponent(corrupted).appendingPathComponent("run.json"))
        let second = try study(data, report)
        #expect(second.runs.map(\.reused) == first.runs.map { $0.key != corrupted })
        #expect(
            second.runs.map(\.testAccuracy) == first.runs.map(\.testAccuracy),
            "retraining from the same seed gives the same run")
    }

    /// The lab's prose computes every number it states: with cnn3's two convolutions widened in
    /// a copy of lab.yaml, the arithmetic in its Models section follows (no stale constant).
    @Test func widerConvolutionsInTheStudyFileChangeEveryNumberOfTheProse() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try CIFAR10.load(from: try writeData())
        let text = try String(contentsOf: Self.lab, encoding: .utf8)
        let edited = text.replacingOccurrences(
            of: "filters: 32, kernel: 3, padding: same", with: "filters: 48, kernel: 3, padding: same"
        )
        .replacingOccurrences(
            of: "filters: 64, kernel: 3, padding: same", with: "filters: 80, kernel: 3, padding: same")
        #expect(edited != text)
        let file = root.appendingPathComponent("wide.yaml")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try edited.write(to: file, atomically: true, encoding: .utf8)
        let report = StudyReport(root: root.appendingPathComponent("out"))
        let results = try study(data, report, file: file)
        try report.write(results, data: data)
        let markdown = try String(contentsOf: report.reportFolder.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(markdown.range(of: "## Models\n"))
        let models = String(markdown[start.upperBound...]).components(separatedBy: "\n## ")[0]
        // cnn3 now: 48 filters of 3×3×3 + 1, and a dense layer on 8 × 8 × 80 = 5,120 inputs.
        for said in ["48 × 28 = **1,344**", "5,120 × 128 = 655,360", "**655,488** parameters"] {
            #expect(models.contains(said), "the Models section does not say \(said)")
        }
        for stale in ["32 × 28", "4,096 × 128", "**896**"] {
            #expect(!models.contains(stale), "the Models section still says \(stale)")
        }
        let cnn3 = try #require(results.withFindings().findings?.anatomy.first { $0.model == .cnn3 })
        #expect(models.contains("\(Format.ratio(cnn3.macRatio))× those of MLP baseline"))
    }

    /// A model trained with test-time augmentation: its experiment's table shows the same runs
    /// without it, and its verdict against none is one more comparison of the family.
    @Test func testTimeAugmentationIsShownBesideThePlainPassAndTested() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try CIFAR10.load(from: try writeData())
        let file = root.appendingPathComponent("mirrored.yaml")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try """
        title: Mirrored test images
        question: Does the CNN do better when each test image is also seen mirrored?
        training: {epochs: 2}
        models:
          mirrored:
            from: cnn3
            title: CNN with mirrored test images
            training: {test_time_augmentation: mirror}
        experiments:
          - {name: mirror, title: The CNN against itself, baseline: cnn3, compare: [mirrored], seeds: 2}
        report: {sections: [training]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let report = StudyReport(root: root.appendingPathComponent("out"))
        let results = try study(data, report, file: file)
        try report.write(results, data: data)
        let markdown = try String(contentsOf: report.reportFolder.appendingPathComponent("README.md"), encoding: .utf8)
        let effect = try #require(results.augmentationEffects?.first)
        let row = try #require(results.experiments.first?.row(.init(rawValue: "mirrored")))
        #expect(effect.seeds == [0, 1] && row.plainAccuracy == effect.plain && row.accuracy == effect.augmented)
        #expect(results.experiments.first?.row(.cnn3)?.plainAccuracy == nil)
        #expect(results.testedComparisons == 2 || effect.comparison.test.p == nil)
        for said in [
            "without test-time augmentation", Format.meanStd(effect.plain),
            "Test-time augmentation (the image and its mirror, the logits averaged)",
            "on the same two trained networks of CNN with mirrored test images",
            // Two recipes, each described with its models.
            "**\(results.title(.cnn3))**: softmax cross-entropy, Adam",
            "**CNN with mirrored test images**: softmax cross-entropy, Adam",
        ] {
            #expect(markdown.contains(said), "the report does not say \(said)")
        }
        #expect(!markdown.contains("Every model:"))
    }

    func references(in text: String, after open: String, until close: Character) -> [String] {
        text.components(separatedBy: open).dropFirst().compactMap { part in
            let path = String(part.prefix { $0 != close })
            return path.hasSuffix(".png") ? path : nil
        }
    }
}
