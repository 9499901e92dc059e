import CIFAR
import Foundation

/// CIFAR-10's six binary files and class names, made up: `perFile` images a file, a plain colour
/// per class (so even one epoch learns something). Not the official files: commands need
/// --accept-modified-data.
func writeSyntheticData(under root: URL, perFile: Int = 20) throws -> URL {
    let folder = root.appendingPathComponent("data")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in CIFAR10.binaryFiles {
        let labels = (0..<perFile).map { UInt8($0 % 10) }
        let pixels = labels.flatMap { [UInt8](repeating: $0 &* 25, count: ImageSet.bytesPerImage) }
        try BinaryBatch.encode(ImageSet(pixels: pixels, labels: labels)).write(to: folder.appendingPathComponent(name))
    }
    let names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    try names.joined(separator: "\n").write(
        to: folder.appendingPathComponent(CIFAR10.metaFile), atomically: true, encoding: .utf8)
    return folder
}

/// The `report` executable `swift test` built beside the test bundle.
let reportExecutable: URL = {
    let products = Bundle.main.bundleURL.pathExtension == "xctest"
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
