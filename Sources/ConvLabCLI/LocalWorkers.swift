import Foundation
import Study

/// `report --jobs N`: the study's missing runs, N at a time, each by a `report run KEY` process of
/// its own with 1/N of the cores for oneDNN (OpenMP sets its thread count once per process). The
/// run cache's locks keep them from training a run twice; the study then reads them all back.
struct LocalWorkers {
    let jobs: Int
    let study: StudyFlags
    let data: DataOptions
    let engine: EngineFlags
    let board: StudyBoard

    func train(_ keys: [String]) throws {
        guard !keys.isEmpty else { return }
        let threads = engine.threadCount(jobs: jobs)
        board.log("\(keys.count) runs to train, \(jobs) at a time, \(threads) thread(s) each")
        let finished = DispatchSemaphore(value: 0)
        var pending = keys[...]
        var failures: [String] = []
        var running: [(worker: Int, process: Process)] = []
        while !pending.isEmpty || !running.isEmpty {
            while running.count < jobs, let key = pending.popFirst() {
                let worker = (1...jobs).first { w in !running.contains { $0.worker == w } } ?? 1
                running.append((worker, try start(key, worker: worker, threads: threads, finished)))
            }
            finished.wait()
            for (worker, process) in running where !process.isRunning {
                board.finish(worker: worker)
                if process.terminationStatus != 0 { failures.append(process.arguments?[1] ?? "?") }
            }
            running.removeAll { !$0.process.isRunning }
        }
        guard failures.isEmpty else {
            throw StudyError(
                "\(failures.count) run(s) failed: \(failures.joined(separator: ", ")); their logs are above, "
                    + "`report plan` shows their state, and running the study again resumes them")
        }
    }

    private func start(_ key: String, worker: Int, threads: Int, _ finished: DispatchSemaphore) throws -> Process {
        let process = Process()
        process.executableURL = Console.executable
        process.arguments =
            ["run", key] + study.arguments + engine.arguments + data.forwarded + ["--threads", String(threads)]
            + (board.isLive ? ["--progress-lines"] : [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let board = board
        output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            guard !chunk.isEmpty else { return }
            for line in String(decoding: chunk, as: UTF8.self).split(separator: "\n") {
                if let (label, progress) = ProgressLines.parse(line) {
                    board.update(worker: worker, key: key, label: label, progress)
                } else {
                    board.log("[\(worker)] \(line)")
                }
            }
        }
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        return process
    }
}
