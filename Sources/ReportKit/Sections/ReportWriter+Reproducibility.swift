import DocumentKit
import Foundation
import Study

/// The command, every run with its cache key, the data's checksums, the machine and the time.
extension ReportWriter {
    func reproducibility() -> Section {
        let env = results.environment
        let engines = findings.convolutionEngines.map { "\($0.engine): \($0.runs) run\($0.runs == 1 ? "" : "s")" }
        let trained = results.runs.filter { !$0.reused }.count
        let memory = env.peakMemoryMB.map { "; peak memory \(String(format: "%.0f", $0)) MB" } ?? ""
        return Section(
            "Reproducibility",
            [
                .paragraph(
                    """
                    Command: `\(env.command)`. Every random choice (initial weights, batch order, augmentation) \
                    derives from the seed listed per run; rerunning the command on the same data gives the same \
                    runs, read back from the run cache unless it is deleted.
                    """),
                .table(Tables.runs(results.runs)),
                .table(
                    Table(
                        header: ["file", "MD5"],
                        rows: results.data.md5.sorted { $0.key < $1.key }.map { ["`\($0.key)`", "`\($0.value)`"] })),
                .bullets(
                    [
                        "Data: `\(results.data.directory)` (\(results.data.source))",
                        "ConvLab \(env.convlabVersion), \(env.swift), GEMM: \(env.gemm)",
                    ] + (engines.isEmpty ? [] : ["Convolutions: " + engines.joined(separator: "; ")]) + [
                        threads(),
                        "Machine: \(env.processor), \(env.cores) cores, \(env.operatingSystem)",
                        "Started \(ISO8601DateFormatter().string(from: env.startedAt)); this command took "
                            + "\(Format.seconds(env.wallSeconds)) wall time (\(trained) runs trained now, "
                            + "\(results.runs.count - trained) read from the cache)\(memory); training, summed over "
                            + "the runs as they were trained: \(Format.seconds(results.trainingSeconds))",
                    ]),
            ])
    }

    /// The thread counts the runs computed with, and why they are part of each run's key.
    private func threads() -> String {
        let counts = findings.computeThreads.map { count in
            let runs = "\(count.runs) run\(count.runs == 1 ? "" : "s")"
            return Int(count.engine).map { "\($0) thread\($0 == 1 ? "" : "s"): \(runs)" } ?? "\(count.engine): \(runs)"
        }
        return "Threads per run (OpenMP): " + counts.joined(separator: "; ")
            + ". A convolutional network's numbers depend on them (oneDNN sums a weight gradient's per-thread "
            + "parts, in an order that follows the thread count), so they are part of each run's cache key: "
            + "`--jobs N` gives each worker 1/N of the cores, and so trains other runs than `--jobs 1` does"
    }
}
