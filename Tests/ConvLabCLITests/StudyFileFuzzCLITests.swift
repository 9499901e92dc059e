import ConvLabTestSupport
import Foundation
import Study
import StudyFile
import Testing

/// The fuzz test's refused mutations, a sample of them, through the real command line as a user
/// meets them: `report --study FILE --check` exits with status 1 and one line naming the file,
/// line and column, in under 2 seconds and 200 MB, and never traps. (`StudyFileFuzzTests` reads
/// every mutation in process, valid ones through to their plan.)
@Suite struct StudyFileFuzzCLITests {
    static let sampleEvery = 25

    @Test(arguments: StudyFileMutations.studies)
    func refusedMutationsExitWithOneLocatedError(_ url: URL) throws {
        let time = URL(fileURLWithPath: "/usr/bin/time")
        try #require(FileManager.default.isExecutableFile(atPath: time.path), "GNU time: bash scripts/setup.sh")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-cli-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mutations = StudyFileMutations.of(try String(contentsOf: url, encoding: .utf8))
        let refused = mutations.enumerated().filter { i, text in
            i % Self.sampleEvery == 0
                && (try? StudyFile.parse(text, file: "fuzz.yaml", builtIn: ModelDefinition.builtIn)) == nil
        }.map(\.element)
        #expect(refused.count > 20)
        var slowest = 0.0
        for text in refused {
            let file = folder.appendingPathComponent("fuzz.yaml")
            try Data(text.utf8).write(to: file)
            let started = Date()
            let (status, output) = try runCommand(
                time,
                [
                    "-f", "peak-kb %M", reportExecutable.path, "--study", file.path,
                    "--out", folder.path, "--check",
                ])
            slowest = max(slowest, Date().timeIntervalSince(started))
            let lines = output.split(separator: "\n").filter { !$0.hasPrefix("Command exited") }  // GNU time's
            let errors = lines.filter { $0.hasPrefix("Error: ") }
            #expect(status == 1 && errors.count == 1 && lines.count == 2, "\(output)\n\(text)")
            #expect(errors.first?.hasPrefix("Error: \(file.path):") == true, "\(output)")
            let peak = lines.last { $0.hasPrefix("peak-kb ") }.flatMap { Int($0.dropFirst(8)) }
            #expect((peak ?? .max) < 200_000, "\(output)")  // kB
        }
        #expect(slowest < 2, "the slowest refusal took \(slowest) s")
        print(
            "fuzz through the CLI: \(refused.count) refused mutations of \(url.lastPathComponent), slowest "
                + String(format: "%.2f s", slowest))
    }
}
