import ArgumentParser
import Study

@main
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A reproducible study of convolutional networks on CIFAR-10.",
        subcommands: [
            StudyCommand.self, PlanCommand.self, RunCommand.self, SlurmCommand.self, SummaryCommand.self,
            TrainCommand.self,
            FiguresCommand.self, ExportCommand.self, PredictCommand.self, ServeCommand.self,
        ],
        defaultSubcommand: StudyCommand.self
    )

    /// ArgumentParser's `main`, with a failed read or write said in one line (`FileErrors`).
    static func main() async {
        FreedMemory.returnLargeBlocksToTheSystem()
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: FileErrors.clarified(error))
        }
    }
}
