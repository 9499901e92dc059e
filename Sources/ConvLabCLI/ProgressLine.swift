import Foundation
import Study

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A live one-line progress bar on a terminal; nothing at all when output is a file or pipe,
/// so that logs hold only the per-epoch lines.
final class ProgressLine {
    private let enabled = isatty(STDOUT_FILENO) != 0
    private var lastDraw = Date.distantPast
    private var drawn = false

    func update(_ p: TrainingProgress) {
        guard enabled, p.batch == p.batches || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        let width = 30
        let filled = width * p.batch / max(p.batches, 1)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = String(
            format: "epoch %d/%d %@ %d/%d batches  %.0f img/s  ETA %.0fs",
            p.epoch, p.epochs, bar, p.batch, p.batches, p.imagesPerSecond, p.secondsLeftInEpoch)
        FileHandle.standardOutput.write(Data(("\r" + line + "\u{1B}[K").utf8))
        drawn = true
    }

    func clear() {
        guard drawn else { return }
        FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
