import Foundation
import Study
import Testing

/// The run cache as the only state shared between processes: `report` twice at once, a holder
/// killed with SIGKILL, a damaged entry. Each runs the `report` executable as its own process.
@Suite(.serialized) struct SharedRunCacheTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-shared-\(UUID().uuidString)")

    /// The smallest study: one seed, `epochs` epochs on 500 synthetic images.
    func studyArguments(epochs: Int = 1, imagesPerFile: Int = 100) throws -> [String] {
        let data = try writeSyntheticData(under: root, perFile: imagesPerFile)
        return [
            "--quick", "--seeds", "1", "--epochs", String(epochs), "--data", data.path, "--accept-modified-data",
            "--out", root.appendingPathComponent("study").path,
        ]
    }

    struct PlannedRun: Decodable {
        let key, model, state, detail: String
        let seed: UInt64
        let permutedPixels: Bool
    }

    func plan(_ arguments: [String]) throws -> [PlannedRun] {
        let (status, output) = try runReport(
            ["plan", "--json"] + arguments, log: root.appendingPathComponent("plan.json"),
            errors: root.appendingPathComponent("plan.errors"))
        #expect(status == 0, "\(output)")
        return try JSONDecoder().decode([PlannedRun].self, from: Data(output.utf8))
    }

    func lockFile(_ key: String) -> URL {
        root.appendingPathComponent("study/.convlab/runs/.locks/\(key).lock")
    }

    @Test func twoStudiesStartedAtOnceTrainEveryRunExactlyOnce() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let arguments = try studyArguments()
        let logs = ["a.log", "b.log"].map { root.appendingPathComponent($0) }
        let processes = try logs.map { try startReport(arguments, log: $0) }
        processes.forEach { $0.waitUntilExit() }
        let output = try logs.map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
        #expect(processes.allSatisfy { $0.terminationStatus == 0 }, "\(output)")
        // "run 3/9: training cnn5 seed 0, 1 epochs": the name between "training " and ",".
        let trained = output.split(separator: "\n").compactMap { line -> Substring? in
            guard let start = line.range(of: ": training ") else { return nil }
            return line[start.upperBound...].split(separator: ",").first
        }
        let planned = try plan(arguments)
        #expect(planned.count == 9 && trained.count == planned.count && Set(trained).count == trained.count)
        #expect(planned.allSatisfy { $0.state == "cached" }, "every run reads back whole")
    }

    @Test func aHolderKilledWithSIGKILLDoesNotBlockTheRun() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        // Enough images that the holder is still training when it is looked at and killed: with
        // 100 per file, its two quick epochs could end before the first look at its lock.
        let arguments = try studyArguments(epochs: 3, imagesPerFile: 600)
        let run = try #require(plan(arguments).first { $0.model == "cnn5" })
        let holder = try startReport(["run", run.key] + arguments, log: root.appendingPathComponent("killed.log"))
        let deadline = Date().addingTimeInterval(120)
        // The lock is taken a moment before the holder writes who it is: wait for its name.
        while RunLock.holder(of: lockFile(run.key))?.contains("pid") != true && holder.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(RunLock.holder(of: lockFile(run.key))?.contains("pid \(holder.processIdentifier)") == true)
        #expect(try plan(arguments).first { $0.key == run.key }?.state == "running")
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(RunLock.holder(of: lockFile(run.key)) == nil, "the kernel dropped the dead holder's lock")

        let (status, output) = try runReport(
            ["run", run.key] + arguments, log: root.appendingPathComponent("again.log"))
        #expect(status == 0, "\(output)")
        #expect(try plan(arguments).first { $0.key == run.key }?.state == "cached")
    }

    @Test func aDamagedEntryIsDetectedAndTrainedAgainToTheSameBits() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let arguments = try studyArguments()
        let run = try #require(plan(arguments).first { $0.model == "cnn3" })
        #expect(try runReport(["run", run.key] + arguments, log: root.appendingPathComponent("1.log")).status == 0)
        let weights = root.appendingPathComponent("study/.convlab/runs/\(run.key)/model.weights")
        let trained = try Data(contentsOf: weights)
        try trained.prefix(trained.count / 2).write(to: weights)  // as a crash mid-copy would leave it

        let damaged = try #require(plan(arguments).first { $0.key == run.key })
        #expect(damaged.state == "missing" && damaged.detail.contains("unreadable"))
        let (status, output) = try runReport(["run", run.key] + arguments, log: root.appendingPathComponent("2.log"))
        #expect(status == 0 && output.contains("unreadable") && output.contains("training cnn3 seed 0"), "\(output)")
        #expect(try Data(contentsOf: weights) == trained, "retrained bit for bit")
    }
}
