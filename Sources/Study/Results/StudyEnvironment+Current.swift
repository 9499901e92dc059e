import Foundation
import NeuralNet

extension StudyEnvironment {
    static func current(command: String, startedAt: Date, wallSeconds: Double) -> StudyEnvironment {
        StudyEnvironment(
            convlabVersion: convlabVersion, swift: swiftVersion,
            operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
            processor: processorName, cores: ProcessInfo.processInfo.activeProcessorCount,
            gemm: GEMMBackend.description, command: command, startedAt: startedAt, wallSeconds: wallSeconds,
            peakMemoryMB: peakResidentMegabytes)
    }

    static var swiftVersion: String {
        #if compiler(>=6.3)
        "Swift 6.3 or later (language mode 6)"
        #else
        "Swift 6 (language mode 6)"
        #endif
    }

    static var processorName: String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let name = line.split(separator: ":", maxSplits: 1).last
        else { return "unknown" }
        return name.trimmingCharacters(in: .whitespaces)
    }

    /// The process's peak resident set (VmHWM on Linux, ru_maxrss elsewhere), in MB.
    package static var peakResidentMegabytes: Double? {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        {
            return kb / 1024
        }
        #if canImport(Darwin)
        var usage = rusage()
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1_048_576  // bytes on Darwin
        #else
        return nil
        #endif
    }
}
