import ArgumentParser

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

    static func main() async {
        FreedMemory.returnLargeBlocksToTheSystem()
        await main(nil)
    }
}
