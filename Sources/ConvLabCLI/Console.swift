import Foundation

enum Console {
    /// Prints a line and flushes at once, so logs show progress also when stdout is a file or a
    /// pipe (where it is block-buffered).
    static func line(_ text: String) {
        print(text)
        fflush(nil)
    }
}
