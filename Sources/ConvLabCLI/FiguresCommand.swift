import ArgumentParser
import Figures
import Foundation

struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures", abstract: "Draw every chart type from made-up data, to look at them.")

    @Option(help: ArgumentHelp("Folder to write the demo figures into.", valueName: "dir")) var demo: String

    func run() throws {
        for url in try Gallery.write(to: URL(fileURLWithPath: demo)) { print(url.path) }
    }
}
