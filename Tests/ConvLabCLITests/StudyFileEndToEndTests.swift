import Foundation
import NeuralNet
import Study
import Testing

/// A study file written as a new user would, run by the `report` executable on synthetic data:
/// its own experiment section, figure and verdict come out, with no Swift changed.
@Suite(.serialized) struct StudyFileEndToEndTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-studyfile-\(UUID().uuidString)")

    static let study = """
        title: Wider or smaller than the lab's CNN?
        question: Does doubling the filters, or a single small conv block, change how well the CNN classifies?
        training: {epochs: 2, batch: 32}
        models:
          wide: {from: cnn3, filters: [64, 128], title: "CNN 3×3, twice the filters"}
          small:
            title: One block of 16 filters
            layers:
              - conv2d: {filters: 16, kernel: 3}
              - relu
              - max_pool: 4
              - flatten
              - dense: 10
        experiments:
          - name: width
            title: Twice the filters, or one small block
            baseline: cnn3
            compare: [wide, small]
            seeds: 2
            detect: 5.0
        probes:
          translation: [cnn3, small]
          permutation: small
          receptive_fields: [small, wide]
          feature_maps: small
        """

    func arguments(_ file: URL, _ data: URL) -> [String] {
        ["--study", file.path, "--quick", "--data", data.path, "--accept-modified-data", "--out", out.path]
    }

    var out: URL { root.appendingPathComponent("out") }

    @Test func aNewUsersStudyFileGivesAReportWithItsOwnExperiment() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try writeSyntheticData(under: root, perFile: 100)
        let file = root.appendingPathComponent("mine.yaml")
        try Self.study.write(to: file, atomically: true, encoding: .utf8)

        let check = try runReport(arguments(file, data) + ["--check"], log: root.appendingPathComponent("check.log"))
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("the study file is valid"))
        #expect(check.output.contains("8 runs, 0 cached"))  // 2 of them small on permuted pixels
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("report").path))

        let run = try runReport(arguments(file, data), log: root.appendingPathComponent("run.log"))
        #expect(run.status == 0, "\(run.output)")
        let readme = try String(contentsOf: out.appendingPathComponent("report/README.md"), encoding: .utf8)
        let results = try JSONFile.read(
            StudyResults.self, from: out.appendingPathComponent("report/results.json"))
        let experiment = try #require(results.experiments.first)
        #expect(experiment.rows.map(\.model.rawValue) == ["cnn3", "wide", "small"])
        #expect(experiment.rows.allSatisfy { $0.seeds == [0, 1] && $0.validationCurve.count == 2 })
        #expect(readme.contains("## Twice the filters, or one small block"))
        #expect(
            readme.contains(
                "| model | difference (points) | interval | p (Welch) | p adjusted | verdict | detectable |"))
        for versus in experiment.comparisons {
            let word = [
                "better": "is **better** than", "worse": "is **worse** than",
                "indistinguishable": "is **not distinguishable from seed noise**", "untestable": "**not tested**",
            ]
            #expect(readme.contains(word[versus.comparison.verdict.rawValue]!), "\(versus.comparison.verdict)")
        }
        // The engine's credentials: initial losses near ln 10, every layer type gradient-checked.
        #expect(results.runs.allSatisfy { abs(($0.run.initialLoss ?? 0) - log(10)) < 0.5 })
        #expect(results.initialLosses.map { $0.loss.values.count } == [2, 2, 2])
        #expect(Set(results.engineChecks.map(\.kind)) == [.conv2d, .relu, .maxPooling2d, .flatten, .dense])
        #expect(results.engineChecks.allSatisfy { $0.passed })
        // The discussion covers every model of the experiment, with its fit measured.
        #expect(readme.contains("## Discussion") && readme.contains("### Twice the filters, or one small block"))
        #expect(experiment.rows.allSatisfy { $0.fit?.epochsPlanned == 2 })
        for row in experiment.rows {
            let name = "**\(row.title)**" + (row == experiment.rows.first ? " (baseline)" : "")
            #expect(readme.contains(name + ": validation accuracy peaked"), "\(name)")
        }
        // The probes it asked for, on its own models.
        let probes = try #require(results.probes)
        #expect(probes.translation?.models.map(\.rawValue) == ["cnn3", "small"])
        #expect(probes.permutation?.rows.map(\.model.rawValue) == ["small"])
        #expect(probes.receptiveFields.map(\.model.rawValue) == ["small", "wide"])
        #expect(probes.featureMaps?.model.rawValue == "small" && probes.featureMaps?.layers.count == 1)
        for (heading, figure) in [
            ("Translation: how much accuracy survives a shift", "translation"),
            ("Pixel permutation: what locality is worth", "permutation"),
            ("Receptive fields: theoretical and effective", "receptive-fields"), ("Feature maps", "feature-maps"),
        ] {
            #expect(readme.contains("## \(heading)\n") && readme.contains("../figures/\(figure).png"), "\(heading)")
            let png = try Data(contentsOf: out.appendingPathComponent("figures/\(figure).png"))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(figure)")
        }
        #expect(readme.contains("## Why these numbers can be trusted"))
        // No optional section was asked for.
        for optional in ["## Data\n", "## Models\n", "## Training\n", "## Results\n", "## Deployment\n"] {
            #expect(!readme.contains(optional), "\(optional)")
        }
        #expect(readme.contains("### Layers of CNN 3×3, twice the filters"))
        #expect(readme.contains("| `conv2d` |"))
        let figure = try Data(contentsOf: out.appendingPathComponent("figures/experiment-width.png"))
        #expect(figure.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(readme.contains("../figures/experiment-width.png"))

        // Everything is cached now; rendering again gives the same report.
        let again = try runReport(
            arguments(file, data) + ["--render-only"], log: root.appendingPathComponent("again.log"))
        #expect(again.status == 0, "\(again.output)")
        #expect(try String(contentsOf: out.appendingPathComponent("report/README.md"), encoding: .utf8) == readme)
        let cached = try runReport(arguments(file, data) + ["--check"], log: root.appendingPathComponent("check2.log"))
        #expect(cached.output.contains("8 runs, 8 cached"))
        // From the cached runs' spread: the seeds each comparison needs to detect 5 points.
        #expect(cached.output.contains("seeds needed for 80% power at the family's most stringent level (0.0167)"))
        #expect(cached.output.contains("width: wide") && cached.output.contains("2 seeds cached"), "\(cached.output)")
    }

    @Test func aBadStudyFileStopsBeforeAnythingIsReadOrWritten() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try writeSyntheticData(under: root, perFile: 20)
        let file = root.appendingPathComponent("bad.yaml")
        let text = Self.study.replacingOccurrences(of: "compare: [wide, small]", with: "compare: [wide, smal]")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains("smal]") })
        let column = lines[line].distance(from: lines[line].startIndex, to: lines[line].range(of: "smal]")!.lowerBound)
        let run = try runReport(
            arguments(file, data), log: root.appendingPathComponent("bad.log"),
            errors: root.appendingPathComponent("bad.errors"))
        let errors = try String(contentsOf: root.appendingPathComponent("bad.errors"), encoding: .utf8)
        #expect(run.status != 0)
        #expect(
            errors.contains("bad.yaml:\(line + 1):\(column + 1): experiments[0].compare[1]: no model named \"smal\""),
            "\(errors)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
