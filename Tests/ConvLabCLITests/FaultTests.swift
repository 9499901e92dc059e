import Foundation
import Study
import Testing

/// Faults with nothing lost: a damaged results.json, a write that fails part-way (a full disk,
/// played by a file size limit), and SIGTERM during a run. Each gives one clear error and a
/// non-zero exit, leaves no half entry in the run cache and the previous report as it was, and
/// the next command continues.
@Suite(.serialized) struct FaultTests {
    static let study = """
        title: Faults
        question: Is anything lost when a command fails?
        data: {training_images: 100, test_images: 20, validation: 10}
        training: {epochs: 1}
        models:
          tiny:
            layers:
              - conv2d: {filters: 4, kernel: 3}
              - relu
              - max_pool: 4
              - flatten
              - dense: 10
        experiments:
          - {name: e, baseline: tiny, compare: [mlp], seeds: 2}

        """

    let root = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-faults-\(UUID())")
    var out: URL { root.appendingPathComponent("out") }
    var report: URL { out.appendingPathComponent("report") }
    var cache: URL { out.appendingPathComponent(".convlab/runs") }

    /// The study's arguments, after writing its file and synthetic data.
    func setUp() throws -> [String] {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let file = root.appendingPathComponent("faults.yaml")
        try Self.study.write(to: file, atomically: true, encoding: .utf8)
        let data = try writeSyntheticData(under: root)
        return [
            "--study", file.path, "--data", data.path, "--accept-modified-data", "--quiet-data-warnings",
            "--out", out.path,
        ]
    }

    func log(_ name: String) -> URL { root.appendingPathComponent(name + ".log") }

    @Test func aDamagedResultsFileStopsRenderOnlyAndTheNextRunRecomputesIt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let arguments = try setUp()
        #expect(try runReport(arguments, log: log("first")).status == 0)
        let results = report.appendingPathComponent("results.json")
        let readme = try Data(contentsOf: report.appendingPathComponent("README.md"))
        let whole = try Data(contentsOf: results)
        try whole.prefix(whole.count / 2).write(to: results)

        let render = try runReport(arguments + ["--render-only"], log: log("render"))
        #expect(render.status == 1)
        let errors = render.output.split(separator: "\n").filter { $0.contains("Error") }
        #expect(errors.count == 1 && errors[0].contains(results.path), "\(render.output)")
        #expect(errors.first?.contains("damaged") == true && render.output.contains("without --render-only"))
        #expect(try Data(contentsOf: report.appendingPathComponent("README.md")) == readme)

        let again = try runReport(arguments, log: log("again"))
        #expect(again.status == 0, "\(again.output)")
        let recomputed = try JSONFile.read(StudyResults.self, from: results)
        #expect(recomputed.runs.count == 4 && recomputed.runs.allSatisfy(\.reused), "every run read from the cache")
    }

    @Test func aWriteThatFailsPartWayLosesNothing() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let arguments = try setUp()
        #expect(try runReport(arguments, log: log("first")).status == 0)
        let readme = report.appendingPathComponent("README.md")
        let previous = Data("the previous report\n".utf8)
        try previous.write(to: readme)

        // Runs of two epochs: the first checkpoint cannot be written.
        let more = arguments + ["--epochs", "2"]
        let cacheFull = try runReportWithFileLimit(kilobytes: 1, more)
        #expect(cacheFull.status == 1)
        let cacheErrors = cacheFull.output.split(separator: "\n").filter { $0.hasPrefix("Error") }
        #expect(cacheErrors.count == 1 && cacheErrors[0].contains("cannot write (File too large)"), "\(cacheFull)")
        try expectWholeEntriesOnly()
        #expect(try Data(contentsOf: readme) == previous)

        // The report: every figure fits under the limit, the single-file page (which embeds them) does not.
        let single = try FileManager.default.attributesOfItem(atPath: report.appendingPathComponent("report.html").path)
        let kilobytes = ((single[.size] as? Int) ?? 0) / 1024 - 1
        let reportFull = try runReportWithFileLimit(kilobytes: kilobytes, arguments + ["--render-only"])
        #expect(reportFull.status == 1)
        #expect(reportFull.output.contains("File too large"), "\(reportFull.output)")
        #expect(try Data(contentsOf: readme) == previous, "the report is written whole or not at all")
        #expect(try temporaryFiles().isEmpty)

        // With room again, the same commands continue.
        #expect(try runReport(more, log: log("continued")).status == 0)
        #expect(try Data(contentsOf: readme) != previous)
        #expect(
            try JSONFile.read(StudyResults.self, from: report.appendingPathComponent("results.json")).runs.count == 4)
    }

    @Test func sigtermDuringARunSaysSoAndTheSameCommandResumes() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let data = try writeSyntheticData(under: root, perFile: 200)
        let train = [
            "train", "--model", "cnn3", "--epochs", "4", "--data", data.path, "--accept-modified-data",
            "--quiet-data-warnings", "--cache", cache.path,
        ]
        let process = try startReport(train, log: log("stopped"))
        let partial = {
            (try? FileManager.default.contentsOfDirectory(atPath: cache.path))?.contains {
                $0.hasSuffix(".partial.json")
            }
        }
        for _ in 0..<600 where process.isRunning && partial() != true { usleep(100_000) }
        try #require(process.isRunning, "the run ended before its first checkpoint")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let output = try String(contentsOf: log("stopped"), encoding: .utf8)
        #expect(process.terminationStatus == 128 + SIGTERM, "\(output)")
        #expect(output.components(separatedBy: "stopped by a signal").count == 2, "one line: \(output)")
        try expectWholeEntriesOnly()

        let resumed = try runReport(train, log: log("resumed"))
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("resuming cnn3 seed 0 after epoch"), "\(resumed.output)")
    }

    /// A real full disk (ENOSPC) and a read-only folder (EROFS): a small tmpfs as the output
    /// folder, filled, then remounted read-only. Mounting needs root; elsewhere the file size
    /// limit above stands in for the full disk.
    @Test func aFullDiskAndAReadOnlyFolderLoseNothing() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let arguments = try setUp()
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        guard getuid() == 0, try command("/bin/mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", out.path) else {
            print("FaultTests: no tmpfs mounted (root only); the file size limit test stands in for a full disk")
            return
        }
        defer { _ = try? command("/bin/umount", out.path) }
        #expect(try runReport(arguments, log: log("first")).status == 0)
        let readme = report.appendingPathComponent("README.md")
        let previous = Data("the previous report\n".utf8)
        try previous.write(to: readme)
        let more = arguments + ["--epochs", "2"]

        let filler = out.appendingPathComponent("filler")
        _ = try command("/bin/dd", "if=/dev/zero", "of=\(filler.path)", "bs=1M")  // until the disk is full
        for (label, fault) in [("full", "No space left on device"), ("read-only", "Read-only file system")] {
            if label == "read-only" {
                try FileManager.default.removeItem(at: filler)
                try #require(try command("/bin/mount", "-o", "remount,ro", out.path))
            }
            for attempt in [more, arguments + ["--render-only"]] {
                let failed = try runReportWithFileLimit(kilobytes: nil, attempt)
                let errors = failed.output.split(separator: "\n").filter { $0.hasPrefix("Error") }
                #expect(failed.status == 1 && errors.count == 1, "\(label): \(failed.output)")
                #expect(errors.first?.contains(fault) == true, "\(label): \(failed.output)")
                #expect(try Data(contentsOf: readme) == previous, "\(label): the previous report is kept")
            }
            try expectWholeEntriesOnly()
            #expect(try temporaryFiles().isEmpty)
        }
        try #require(try command("/bin/mount", "-o", "remount,rw", out.path))
        #expect(try runReport(more, log: log("continued")).status == 0)
        #expect(try Data(contentsOf: readme) != previous)
    }

    /// Runs a system command; whether it succeeded.
    func command(_ path: String, _ arguments: String...) throws -> Bool {
        try runCommand(URL(fileURLWithPath: path), arguments).status == 0
    }

    /// Every entry in the run cache is whole (its three files), and no staging folder is left.
    func expectWholeEntriesOnly() throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []
        for name in names where !name.hasPrefix(".") && !name.hasSuffix(".partial.json") {
            let files = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent(name).path)
            #expect(Set(files).isSuperset(of: ["run.json", "predictions.json", "model.weights"]), "\(name): \(files)")
        }
        #expect(names.filter { $0.hasPrefix(".") && $0 != ".locks" && $0 != ".failures" }.isEmpty, "\(names)")
    }

    /// Files left under temporary names in the report and figures folders.
    func temporaryFiles() throws -> [String] {
        try ["report", "figures"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(folder).path)
                .filter { $0.hasSuffix(".tmp") }
        }
    }
}

/// `report ARGUMENTS` with no file larger than `kilobytes` KB when given (`ulimit -f`, SIGXFSZ
/// ignored, so a write past it fails with EFBIG as one past a full disk fails with ENOSPC). Its
/// output goes through a pipe, which neither the limit nor a full disk bounds.
func runReportWithFileLimit(kilobytes: Int?, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let limit = kilobytes.map { "trap '' XFSZ; ulimit -f \($0); " } ?? ""
    // bash's ulimit -f counts KB (sh's may count 512-byte blocks).
    return try runCommand(
        URL(fileURLWithPath: "/bin/bash"), ["-c", limit + "exec \"$0\" \"$@\"", reportExecutable.path] + arguments)
}
