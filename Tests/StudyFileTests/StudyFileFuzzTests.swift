import Foundation
import NeuralNet
import Study
import Testing

@testable import StudyFile

/// Thousands of mutations of the committed study files, each read as `--check` reads it: every one
/// gives a valid study whose plan can be made, or one `StudyFileError`; none traps or hangs.
@Suite struct StudyFileFuzzTests {
    static let studies = ["lab.yaml", "next-steps.yaml"].map { name in
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../studies/\(name)").standardized
    }

    /// Replacements for a scalar: other types, huge and negative numbers, nesting, odd text.
    static let values = [
        "-1", "0", "1e308", "99999999999999999999", "9223372036854775807", "-9223372036854775808", "3.5",
        "\"text\"", "[]", "{}", "[1, [2, [3, [4, [5]]]]]", "{a: {b: {c: {d: 1}}}}", "null", "true", "~",
        "\"\u{FFFD}\u{0}\"", String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
        "4096", "1000000", "-0.5", ".nan", ".inf",
    ]

    /// Every mutation of `text`: each line deleted, each line duplicated, each value replaced.
    static func mutations(of text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        var out: [String] = []
        for i in lines.indices {
            out.append((lines[..<i] + lines[(i + 1)...]).joined(separator: "\n"))
            out.append((lines[...i] + lines[i...]).joined(separator: "\n"))
            guard let colon = lines[i].firstIndex(of: ":"),
                !lines[i].trimmingCharacters(in: .whitespaces).hasPrefix("#")
            else { continue }
            for value in values {
                var mutated = lines
                mutated[i] = String(lines[i][...colon]) + " " + value
                out.append(mutated.joined(separator: "\n"))
            }
        }
        return out
    }

    @Test(arguments: studies)
    func everyMutationGivesAPlanOrOneError(_ url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        let cases = Self.mutations(of: text)
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
