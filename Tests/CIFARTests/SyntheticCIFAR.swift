import CIFAR
import Foundation

/// A small CIFAR-10 folder written by the tests: the real layout and format, few images.
struct SyntheticCIFAR {
    let root: URL
    let training: ImageSet
    let test: ImageSet
    static let classNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

    /// `perFile` images in each of the six batch files; image i of a file has label (i + file) % 10
    /// and pixel bytes that encode its position, so mix-ups are visible.
    init(perFile: Int = 7) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var train: ImageSet?
        for (f, name) in (CIFAR10.trainingFiles + [CIFAR10.testFile]).enumerated() {
            let set = Self.images(count: perFile, salt: f)
            try BinaryBatch.encode(set).write(to: root.appendingPathComponent(name))
            if f < 5 { train = train.map { $0 + set } ?? set }
        }
        try (Self.classNames.joined(separator: "\n") + "\n").write(
            to: root.appendingPathComponent(CIFAR10.metaFile), atomically: true, encoding: .utf8)
        training = train!
        test = Self.images(count: perFile, salt: 5)
    }

    static func images(count: Int, salt: Int) -> ImageSet {
        let labels = (0..<count).map { UInt8(($0 + salt) % 10) }
        let pixels = (0..<(count * ImageSet.bytesPerImage)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ salt &* 7) }
        return ImageSet(pixels: pixels, labels: labels)
    }

    func file(_ name: String) -> URL { root.appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

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
