import Foundation
import Study

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The study's progress on a terminal: a live line per worker (run, epoch, batch bar, images/s)
/// under the log, and one for the whole study (runs done, share of the work, ETA). The share is
/// of the plan's estimated work: a run costs its multiply-accumulates × images × epochs, so a
/// cnn5 run counts for more than an MLP run. Off a terminal it draws nothing: logs and pipes get
/// the per-epoch lines only. Workers report from other threads; a lock keeps the drawing whole.
final class StudyBoard: @unchecked Sendable {
    private struct Slot {
        var key: String
        var label: String
        var progress: TrainingProgress?
    }

    private let lock = NSLock()
    private let enabled: Bool
    private let costs: [String: Double]
    private let totalCost: Double
    private var doneCost = 0.0
    private var doneRuns = 0
    private var slots: [Int: Slot] = [:]
    private var drawnLines = 0
    private var lastDraw = Date.distantPast
    private let started = Date()

    /// `costs`: the estimated work of each run to train, by key.
    init(costs: [String: Double], enabled: Bool = isatty(STDOUT_FILENO) != 0) {
        self.costs = costs
        totalCost = costs.values.reduce(0, +)
        self.enabled = enabled && !costs.isEmpty
    }

    /// Whether it draws (on a terminal, with runs to train).
    var isLive: Bool { enabled }

    /// A line of the log, printed above the live lines.
    func log(_ line: String) {
        lock.withLock {
            erase()
            print(line)
            draw()
        }
        fflush(nil)
    }

    /// `worker` is training run `key` and has got this far.
    func update(worker: Int, key: String, label: String, _ progress: TrainingProgress) {
        lock.withLock {
            if let previous = slots[worker], previous.key != key { finishLocked(previous.key) }
            slots[worker] = Slot(key: key, label: label, progress: progress)
            guard Date().timeIntervalSince(lastDraw) > 0.1 else { return }
            erase()
            draw()
        }
        fflush(nil)
    }

    /// `worker` has finished (or given up) its run.
    func finish(worker: Int) {
        lock.withLock {
            guard let slot = slots.removeValue(forKey: worker) else { return }
            finishLocked(slot.key)
            erase()
            draw()
        }
        fflush(nil)
    }

    /// Removes the live lines for good.
    func close() {
        lock.withLock { erase() }
        fflush(nil)
    }

    private func finishLocked(_ key: String) {
        doneCost += costs[key] ?? 0
        doneRuns += 1
    }

    private func erase() {
        guard enabled, drawnLines > 0 else { return }
        print(String(repeating: "\u{1B}[1A\u{1B}[2K", count: drawnLines), terminator: "\r")
        drawnLines = 0
    }

    private func draw() {
        guard enabled else { return }
        lastDraw = Date()
        let lines = slots.keys.sorted().compactMap { k in slots[k].map { line(for: $0, worker: k) } } + [summary()]
        print(lines.joined(separator: "\n"))
        drawnLines = lines.count
    }

    private func line(for slot: Slot, worker: Int) -> String {
        guard let p = slot.progress else { return "[\(worker)] \(slot.label)" }
        let width = 24
        let filled = width * p.batch / max(p.batches, 1)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        return String(
            format: "[%d] %@  epoch %d/%d %@ %d/%d  %.0f img/s", worker, slot.label, p.epoch, p.epochs, bar, p.batch,
            p.batches, p.imagesPerSecond)
    }

    private func summary() -> String {
        let running = slots.values.reduce(0.0) { sum, slot in
            guard let p = slot.progress, p.epochs > 0 else { return sum }
            let share = (Double(p.epoch - 1) + Double(p.batch) / Double(max(p.batches, 1))) / Double(p.epochs)
            return sum + share * (costs[slot.key] ?? 0)
        }
        let fraction = totalCost > 0 ? min(1, (doneCost + running) / totalCost) : 1
        let elapsed = Date().timeIntervalSince(started)
        let eta = fraction > 0.01 ? Self.duration(elapsed * (1 - fraction) / fraction) : "…"
        return "study: \(doneRuns) of \(costs.count) runs trained, \(Int(100 * fraction))% of the work, "
            + "\(Self.duration(elapsed)) so far, ETA \(eta)"
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 90 { return "\(Int(seconds)) s" }
        return seconds < 5400 ? "\(Int(seconds / 60)) min" : String(format: "%.1f h", seconds / 3600)
    }
}
