import ArgumentParser
import Foundation
import Testing

@testable import ConvLabCLI

/// Golden `--help` of every command: a changed flag, default or text shows up as a diff here.
/// After an intended change, run the tests with CONVLAB_UPDATE_GOLDEN=1 and review the files.
@Suite struct HelpTests {
    static let commands: [(name: String, command: ParsableCommand.Type)] = [
        ("report", ReportCommand.self), ("report-study", StudyCommand.self), ("report-summary", SummaryCommand.self),
        ("report-train", TrainCommand.self), ("report-figures", FiguresCommand.self),
        ("report-export", ExportCommand.self),
        ("report-predict", PredictCommand.self), ("report-serve", ServeCommand.self), ("report-plan", PlanCommand.self),
        ("report-run", RunCommand.self), ("report-slurm", SlurmCommand.self),
    ]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test(arguments: commands.map(\.name))
    func helpMatchesTheGoldenFile(_ name: String) throws {
        let command = try #require(Self.commands.first { $0.name == name }).command
        let help = ReportCommand.helpMessage(for: command, columns: 100) + "\n"
        let file = Self.folder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["CONVLAB_UPDATE_GOLDEN"] == "1" {
            try help.write(to: file, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(help == golden, "\(name) --help changed; if intended, regenerate with CONVLAB_UPDATE_GOLDEN=1")
    }
}
