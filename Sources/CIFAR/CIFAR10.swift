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
    /// The MD5 of each binary file, computed from the bytes the images were read from; empty for
    /// data that did not come from files.
    public let md5: [String: String]

    public init(directory: URL, classNames: [String], training: ImageSet, test: ImageSet, md5: [String: String] = [:]) {
        self.directory = directory
        self.classNames = classNames
        self.training = training
        self.test = test
        self.md5 = md5
    }

    /// Reads every file of a folder laid out as `cifar-10-batches-bin/`, once, checksumming each
    /// file's bytes as they are read.
    public static func load(from directory: URL) throws -> CIFAR10 {
        try checkFolder(directory)
        let classNames = try readClassNames(directory.appendingPathComponent(metaFile))
        var md5: [String: String] = [:]
        func read(_ name: String) throws -> ImageSet {
            let (images, checksum) = try BinaryBatch.readWithMD5(
                directory.appendingPathComponent(name), classCount: classNames.count)
            md5[name] = checksum
            return images
        }
        // One file at a time into one buffer: a file's bytes are let go before the next is read.
        var pixels: [UInt8] = []
        var labels: [UInt8] = []
        for name in trainingFiles {
            let images = try read(name)
            if pixels.isEmpty { pixels.reserveCapacity(images.pixels.count * trainingFiles.count) }
            pixels.append(contentsOf: images.pixels)
            labels.append(contentsOf: images.labels)
        }
        let training = ImageSet(pixels: pixels, labels: labels)
        let test = try read(testFile)
        return CIFAR10(directory: directory, classNames: classNames, training: training, test: test, md5: md5)
    }

    /// Throws, naming the first missing file, unless `directory` holds all of CIFAR-10.
    public static func checkFolder(_ directory: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw CIFARError("\(directory.path): no such folder; \(CIFARError.howToPoint)")
        }
        for name in binaryFiles + [metaFile]
        where !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) {
            throw CIFARError(
                "\(directory.appendingPathComponent(name).path): missing; the folder must hold "
                    + "\((binaryFiles + [metaFile]).joined(separator: ", ")); \(CIFARError.howToPoint)"
            )
        }
    }

    static func readClassNames(_ url: URL) throws -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw CIFARError(
                "\(url.path): cannot be read as UTF-8 text; it should list the 10 class names, one per line")
        }
        let names = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        guard names.count == 10 else {
            throw CIFARError("\(url.path): lists \(names.count) class names, expected 10 (one per line)")
        }
        return names
    }
}
