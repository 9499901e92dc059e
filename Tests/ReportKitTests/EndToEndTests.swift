import CIFAR
import Foundation
import NeuralNet
import ReportKit
import Study
import Testing

/// The whole pipeline, `--quick`, on a small synthetic CIFAR-10 folder written by the test.
@Suite(.serialized) struct EndToEndTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-e2e-\(UUID().uuidString)")

    /// Class k: a bright square at one of ten places on noise; 60 images per batch file.
    func writeData() throws -> URL {
        let folder = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var state: UInt64 = 42
        func noise() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            return Int(state >> 58)
        }
        for (f, name) in CIFAR10.binaryFiles.enumerated() {
            var pixels: [UInt8] = []
            var labels: [UInt8] = []
            for i in 0..<60 {
                let k = (i + f) % 10
                let top = (k / 5) * 16 + 4
                let left = (k % 5) * 6
                labels.append(UInt8(k))
                for _ in 0..<3 {
                    for y in 0..<32 {
                        for x in 0..<32 {
                            let inside = (top..<(top + 8)).contains(y) && (left..<(left + 8)).contains(x)
                            pixels.append(UInt8((inside ? 190 : 40) + noise()))
                        }
                    }
                }
            }
            try BinaryBatch.encode(ImageSet(pixels: pixels, labels: labels)).write(
                to: folder.appendingPathComponent(name))
        }
        let names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
        try names.joined(separator: "\n").write(
            to: folder.appendingPathComponent(CIFAR10.metaFile), atomically: true, encoding: .utf8)
        return folder
    }

    func study(_ data: CIFAR10, _ report: StudyReport) throws -> StudyResults {
        var runner = try StudyRunner(
            options: StudyOptions(epochs: 2, seeds: 2, quick: true), data: data, source: .option,
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
            ("Summary", "summary"), ("Data", "data"), ("Models", "models"), ("Training", "training"),
            ("Results", "results"),
            ("Kernel size: a controlled experiment", "kernel-size-a-controlled-experiment"),
            ("Translation: does the CNN tolerate shifts?", "translation-does-the-cnn-tolerate-shifts"),
            ("Pixel permutation: what locality is worth", "pixel-permutation-what-locality-is-worth"),
            ("Architecture ablations: padding, stride, depth", "architecture-ablations-padding-stride-depth"),
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
        #expect(saved == results)
        let mlp = try #require(saved.lowestSeedRun(.mlp))
        let cnn3 = try #require(saved.lowestSeedRun(.cnn3))
        for number in [
            Format.percent(cnn3.testAccuracy), Format.percent(mlp.testAccuracy),
            Format.meanStd(saved.experiment.accuracy3), Format.meanStd(saved.experiment.accuracy5),
            Format.count(saved.description(.cnn3)!.parameters), Format.accuracy(cnn3.testAccuracy),
            saved.data.md5["test_batch.bin"]!,
        ] {
            #expect(markdown.contains(number), "the report does not say \(number)")
            #expect(html.contains(number), "the page does not say \(number)")
        }
        let bias = try #require(saved.inductiveBias)
        let permutation = try #require(bias.permutation.row(.cnn3))
        let valid = try #require(bias.ablation.row(.cnn3Valid))
        let field = try #require(bias.receptiveFields.first)
        for number in [
            Format.meanStd(permutation.permuted), Format.signedPoints(permutation.welch.difference),
            Format.meanStd(valid.accuracy),
            Format.count(valid.parameters), "\(field.theoretical)×\(field.theoretical)",
            Format.accuracy(try #require(bias.translation.curve(.cnn3, .wrap)).accuracy[8]),
        ] {
            #expect(markdown.contains(number), "the report does not say \(number)")
        }
        for id in ["translation", "permutation", "ablation-scatter", "receptive-fields", "feature-maps"] {
            #expect(markdownFigures.contains("../figures/\(id).png"), "no \(id) figure")
        }
        #expect(
            saved.models.map(\.model) == StudyModel.lab + StudyModel.ablations,
            "the study describes the models it trains")
        #expect(bias.ablation.rows.count == saved.models.count)
        #expect(bias.featureMaps.layers.map(\.channels) == [32, 64])
        // The kernel experiment and the lab's comparisons use the unpermuted runs only.
        #expect(
            saved.experiment.accuracy3.values.count == 2
                && saved.runs(.cnn3).allSatisfy { !$0.run.configuration.isPermuted })
        #expect(
            saved.runs.count == StudyOptions(epochs: 2, seeds: 2, quick: true).plan.count
                && saved.runs.allSatisfy { !$0.reused })
        #expect(saved.lowestSeedRun(.cnn5)?.firstLayerFilters?.weights.count == 32 * 5 * 5 * 3)
        #expect(saved.lowestSeedRun(.mlp)?.firstLayerFilters == nil)
        // The engine's credentials: every layer type checked, every model's start near ln 10.
        #expect(saved.engineChecks?.map(\.kind) == [.conv2d, .maxPooling2d, .relu, .flatten, .dense])
        #expect(saved.engineChecks?.allSatisfy(\.passed) == true)
        #expect(saved.initialLosses?.map(\.model) == saved.models.map(\.model))
        #expect(saved.initialLosses?.allSatisfy { abs($0.loss.mean - log(10)) < 0.5 } == true)
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

    func references(in text: String, after open: String, until close: Character) -> [String] {
        text.components(separatedBy: open).dropFirst().compactMap { part in
            let path = String(part.prefix { $0 != close })
            return path.hasSuffix(".png") ? path : nil
        }
    }
}
