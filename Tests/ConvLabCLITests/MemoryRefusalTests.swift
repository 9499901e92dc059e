import ConvLabTestSupport
import Foundation
import Testing

/// A model far too large for the machine is refused by `--check` where the file defines it, with
/// its estimate and a fix, before anything is allocated.
@Suite struct MemoryRefusalTests {
    static let huge = """
        title: Too large
        question: Does a 4,096-filter conv before a 4,096-unit dense layer fit?
        models:
          huge:
            layers:
              - conv2d: {filters: 4096, kernel: 3, padding: same}
              - relu
              - flatten
              - dense: 4096
              - relu
              - dense: 10
        experiments:
          - {name: e, baseline: cnn3, compare: [huge]}

        """

    @Test func checkRefusesAModelThatCannotFitWithoutAllocatingIt() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-memory-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("huge.yaml")
        try Self.huge.write(to: file, atomically: true, encoding: .utf8)
        let data = try writeSyntheticData(under: root)
        let time = URL(fileURLWithPath: "/usr/bin/time")
        try #require(FileManager.default.isExecutableFile(atPath: time.path), "GNU time: bash scripts/setup.sh")
        let log = root.appendingPathComponent("check.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = time
        process.arguments = [
            "-f", "peak-kb %M", reportExecutable.path, "--study", file.path, "--data", data.path,
            "--out", root.path, "--check",
        ]
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        try process.run()
        process.waitUntilExit()
        let output = try String(contentsOf: log, encoding: .utf8)
        #expect(process.terminationStatus == 1, "\(output)")
        let (line, column) = position(of: "layers:", in: Self.huge)  // where the model's definition starts
        #expect(output.contains("\(file.path):\(line):\(column): models.huge: huge needs about"), "\(output)")
        #expect(output.contains("more than the") && output.contains("--max-memory"), "\(output)")
        #expect(!output.contains("Fatal error") && !output.contains("failed to allocate"))
        let peak = try #require(output.split(separator: "\n").last { $0.hasPrefix("peak-kb ") })
        #expect((Int(peak.dropFirst(8)) ?? .max) < 200_000, "\(peak)")  // kB: under 200 MB
    }
}
