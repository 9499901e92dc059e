import Foundation

enum Console {
    /// This program, for the `report run` processes that `--jobs` and SLURM tasks start.
    static var executable: URL { Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]) }

    /// Prints a line and flushes at once, so logs show progress also when stdout is a file or a
    /// pipe (where it is block-buffered).
    static func line(_ text: String) {
        print(text)
        fflush(nil)
    }
}
