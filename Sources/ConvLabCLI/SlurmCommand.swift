import ArgumentParser
import Foundation
import Study

/// `report slurm`: the study on a SLURM cluster, as its users run such work — a job array with one
/// `report run KEY` task per missing run, and a job that gathers them into the report once the
/// array has succeeded (`--dependency=afterok`). The run cache, on the cluster's shared
/// filesystem, is the only state the tasks share (see `RunLock`). Everything SLURM-specific is here.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Write (--submit: submit) a SLURM job array of the study's missing runs and a job gathering them.")

    @OptionGroup var data: DataOptions
    @OptionGroup var study: StudyFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags
    @Option(help: "The partition to run in (default: the cluster's default).") var partition: String?
    @Option(help: "Time limit per task, in a form sbatch reads (minutes, or hours:minutes:seconds).") var time =
        "1:00:00"
    @Option(help: "Cores per task: the threads of its oneDNN (part of each run's cache key).") var cpusPerTask = 2
    @Option(help: "At most this many tasks of the array at once (sbatch's --array=…%M).") var maxParallel: Int?
    @Flag(help: "Submit the two jobs with sbatch and print their ids.") var submit = false

    func validate() throws {
        guard cpusPerTask >= 1 else { throw ValidationError("--cpus-per-task must be at least 1") }
        if engine.computeThreads.threads != nil {
            throw ValidationError("a task's threads are its cores: use --cpus-per-task instead of --threads")
        }
        if let maxParallel, maxParallel < 1 { throw ValidationError("--max-parallel must be at least 1") }
    }

    func run() throws {
        let file = try study.studyFile()  // checked whole before the data is read
        let runner = study.runner(try data.load(), file: file, threads: cpusPerTask)
        // Runs training elsewhere right now are left to their task; a rerun after failures takes the rest.
        let keys = runner.planned().filter { run in
            if case .running = run.state { return false }
            return run.state != .cached
        }.map(\.key)
        let folder = study.report.root.appendingPathComponent("slurm")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("logs"), withIntermediateDirectories: true)
        let arrayFile = folder.appendingPathComponent("runs.sbatch")
        let gatherFile = folder.appendingPathComponent("gather.sbatch")
        if !keys.isEmpty { try write(arrayScript(keys, logs: folder), to: arrayFile) }
        try write(gatherScript(logs: folder), to: gatherFile)
        Console.line("\(keys.count) of \(runner.plan.count) runs to train; wrote \(folder.path)/*.sbatch")
        guard submit else {
            let dependency = keys.isEmpty ? "" : "--dependency=afterok:<array job id> "
            return Console.line(
                "submit: sbatch --parsable \(arrayFile.path), then sbatch \(dependency)\(gatherFile.path)")
        }
        var gatherOptions: [String] = []
        if !keys.isEmpty {
            let array = try sbatch([arrayFile.path])
            Console.line("submitted array job \(array): \(keys.count) task(s), logs in \(folder.path)/logs")
            gatherOptions = ["--dependency=afterok:\(array)"]
        }
        let gather = try sbatch(gatherOptions + [gatherFile.path])
        Console.line("submitted gather job \(gather): renders the report when every task has succeeded")
        Console.line("watch: squeue -u $USER, and `report plan` with this command's study flags")
    }

    private func arrayScript(_ keys: [String], logs: URL) -> String {
        let throttle = maxParallel.map { "%\($0)" } ?? ""
        return header(
            name: "convlab-runs", log: logs.path + "/logs/run-%A_%a.log",
            extra: [
                "--array=0-\(keys.count - 1)\(throttle)", "--cpus-per-task=\(cpusPerTask)", "--time=\(time)",
            ]) + """
                keys=(\(keys.joined(separator: " ")))
                exec \(command(["run", "${keys[$SLURM_ARRAY_TASK_ID]}"] + arguments + threads))

                """
    }

    private func gatherScript(logs: URL) -> String {
        header(
            name: "convlab-gather", log: logs.path + "/logs/gather-%j.log",
            extra: [
                "--cpus-per-task=\(cpusPerTask)", "--time=\(time)",
            ]) + "exec \(command(arguments + threads))\n"
    }

    /// oneDNN's threads: the cores SLURM gave the task.
    private var threads: [String] { ["--threads", "$SLURM_CPUS_PER_TASK"] }

    private func header(name: String, log: String, extra: [String]) -> String {
        let options =
            ["--job-name=\(name)", "--output=\(log)"] + extra + (partition.map { ["--partition=\($0)"] } ?? [])
        return "#!/bin/bash\n" + options.map { "#SBATCH \($0)\n" }.joined() + """
            set -euo pipefail
            cd \(quoted(FileManager.default.currentDirectoryPath))

            """
    }

    /// The study's flags for the tasks: the same study, the same data, the same engine.
    private var arguments: [String] { study.arguments + engine.arguments + data.forwarded }

    /// The executable and its arguments, quoted for bash; `$…` stays for the shell to expand.
    private func command(_ arguments: [String]) -> String {
        ([quoted(Console.executable.path)] + arguments.map { $0.hasPrefix("$") ? "\"\($0)\"" : quoted($0) })
            .joined(separator: " ")
    }

    private func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    private func write(_ script: String, to url: URL) throws {
        try Data(script.utf8).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    /// Submits with `sbatch --parsable`; returns the job id.
    private func sbatch(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sbatch", "--parsable"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw StudyError("cannot run sbatch (\(error)); is SLURM installed here?") }
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let id = printed.split(separator: ";").first, !id.isEmpty else {
            let why = complaint.trimmingCharacters(in: .whitespacesAndNewlines)
            throw StudyError("sbatch \(arguments.last ?? "") failed: \(why)")
        }
        return id.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
