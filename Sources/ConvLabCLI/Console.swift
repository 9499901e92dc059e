import Foundation

enum Console {
    /// `text` followed by spaces up to `width` columns; longer text is kept whole (a cache key
    /// cut short is no key).
    static func column(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// This program, for the `report run` processes that `--jobs` and SLURM tasks start.
    static var executable: URL { Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]) }

    /// Prints a line and flushes at once, so logs show progress also when stdout is a file or a
    /// pipe (where it is block-buffered).
    static func line(_ text: String) {
        print(text)
        fflush(nil)
    }
}
