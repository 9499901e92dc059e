import CIFAR
import Foundation

/// The real data beside the repository, when present (never written to).
enum SharedData {
    static var directory: URL? {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/cifar-10-batches-bin").standardizedFileURL
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("test_batch.bin").path) ? url : nil
    }
}

/// Runs a command-line tool, for independent references (md5sum, tar) in tests.
@discardableResult
func shell(_ arguments: [String], in directory: URL? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return output
}
