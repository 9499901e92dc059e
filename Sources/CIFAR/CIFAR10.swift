import Foundation

/// The CIFAR-10 data set as ConvLab uses it: 50,000 training and 10,000 test images, 10 classes.
public struct CIFAR10: Sendable {
    public static let trainingFiles = (1...5).map { "data_batch_\($0).bin" }
    public static let testFile = "test_batch.bin"
    public static let metaFile = "batches.meta.txt"
    public static var binaryFiles: [String] { trainingFiles + [testFile] }

    public let directory: URL
    public let classNames: [String]
    public let training: ImageSet
    public let test: ImageSet

    public init(directory: URL, classNames: [String], training: ImageSet, test: ImageSet) {
        self.directory = directory
        self.classNames = classNames
        self.training = training
        self.test = test
    }

    /// Reads every file of a folder laid out as `cifar-10-batches-bin/`.
    public static func load(from directory: URL) throws -> CIFAR10 {
        try checkFolder(directory)
        let classNames = try readClassNames(directory.appendingPathComponent(metaFile))
        var training: ImageSet?
        for name in trainingFiles {
            let batch = try BinaryBatch.read(directory.appendingPathComponent(name), classCount: classNames.count)
            training = training.map { $0 + batch } ?? batch
        }
        let test = try BinaryBatch.read(directory.appendingPathComponent(testFile), classCount: classNames.count)
        return CIFAR10(directory: directory, classNames: classNames, training: training!, test: test)
    }

    /// Throws, naming the first missing file, unless `directory` holds all of CIFAR-10.
    public static func checkFolder(_ directory: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CIFARError("\(directory.path): no such folder; \(CIFARError.howToPoint)")
        }
        for name in binaryFiles + [metaFile] where !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) {
            throw CIFARError("\(directory.appendingPathComponent(name).path): missing; the folder must hold \((binaryFiles + [metaFile]).joined(separator: ", ")); \(CIFARError.howToPoint)")
        }
    }

    static func readClassNames(_ url: URL) throws -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw CIFARError("\(url.path): cannot be read as UTF-8 text; it should list the 10 class names, one per line")
        }
        let names = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard names.count == 10 else {
            throw CIFARError("\(url.path): lists \(names.count) class names, expected 10 (one per line)")
        }
        return names
    }
}
