import CIFAR
import ConvLabTestSupport
import Foundation

/// CIFAR-10's six binary files and class names under root/data, made up: `perFile` images a
/// file, a plain colour per class (so even one epoch learns something).
func writeSyntheticData(under root: URL, perFile: Int = 20) throws -> URL {
    try SyntheticCIFAR(in: root.appendingPathComponent("data"), perFile: perFile, pattern: .plainColourPerClass).root
}

/// The `report` executable `swift test` built beside the test bundle.
let reportExecutable: URL = {
    let products =
        Bundle.main.bundleURL.pathExtension == "xctest"
        ? Bundle.main.bundleURL.deletingLastPathComponent() : Bundle.main.bundleURL
    return products.appendingPathComponent("report")
}()

/// `report ARGUMENTS` started in the background, its output going to `log` (standard error too,
/// unless `errors` names a file of its own).
func startReport(_ arguments: [String], log: URL, errors: URL? = nil) throws -> Process {
    guard FileManager.default.isExecutableFile(atPath: reportExecutable.path) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: reportExecutable.path])
    }
    guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: log.path])
    }
    let handle = try FileHandle(forWritingTo: log)
    let process = Process()
    process.executableURL = reportExecutable
    process.arguments = arguments
    process.standardOutput = handle
    process.standardError = handle
    if let errors {
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
    }
    try process.run()
    return process
}

/// `report ARGUMENTS` run to the end: its exit status and output.
func runReport(_ arguments: [String], log: URL, errors: URL? = nil) throws -> (status: Int32, output: String) {
    let process = try startReport(arguments, log: log, errors: errors)
    process.waitUntilExit()
    return (process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
}

/// `executable ARGUMENTS` run to the end, its output (standard error included) read through a
/// pipe: its exit status and output.
func runCommand(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}
