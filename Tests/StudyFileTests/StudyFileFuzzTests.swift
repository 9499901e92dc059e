import ConvLabTestSupport
import Foundation
import NeuralNet
import Study
import Testing

@testable import StudyFile

/// Thousands of mutations of the committed study files, each read as `--check` reads it: every one
/// gives a valid study whose plan can be made, or one `StudyFileError`; none traps or hangs.
@Suite struct StudyFileFuzzTests {
    @Test(arguments: StudyFileMutations.studies)
    func everyMutationGivesAPlanOrOneError(_ url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        let cases = StudyFileMutations.of(text)
        #expect(cases.count > 800)
        var slowest = 0.0
        for mutated in cases {
            let started = Date()
            do {
                let loaded = try StudyFile.parse(
                    mutated, file: "fuzz.yaml", builtIn: ModelDefinition.builtIn, memoryBudget: 20_000_000_000)
                _ = loaded.definition.plan(threads: 2)
            } catch let error as StudyFileError {
                #expect(!error.problem.isEmpty && !error.fix.isEmpty)
            } catch {
                Issue.record("not a StudyFileError: \(error)\n\(mutated)")
            }
            slowest = max(slowest, Date().timeIntervalSince(started))
        }
        #expect(slowest < 2, "the slowest mutation took \(slowest) s")
        print(
            "fuzz: \(cases.count) mutations of \(url.lastPathComponent), slowest \(String(format: "%.3f", slowest)) s")
    }

    @Test func aHugeFileAndBytesThatAreNotUTF8AreRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = folder.appendingPathComponent("binary.yaml")
        try Data([0x74, 0x69, 0x74, 0x6C, 0x65, 0x3A, 0x20, 0xFF, 0xFE, 0x80]).write(to: binary)
        #expect(throws: StudyFileError.self) { try StudyFile.load(binary, builtIn: ModelDefinition.builtIn) }
        let huge = folder.appendingPathComponent("huge.yaml")
        try Data(("title: " + String(repeating: "x", count: 10_000_000) + "\n").utf8).write(to: huge)
        let started = Date()
        #expect(throws: StudyFileError.self) { try StudyFile.load(huge, builtIn: ModelDefinition.builtIn) }
        #expect(Date().timeIntervalSince(started) < 2)
    }
}
