import CIFAR
import Foundation

/// A small CIFAR-10 folder written by a test: the real layout and binary format, few images, and
/// class names in batches.meta.txt. Not the official files: commands reading it need
/// --accept-modified-data.
package struct SyntheticCIFAR {
    /// What the images look like.
    package enum Pattern: Sendable {
        /// Image i of file f has label (i + f) % 10 and pixel bytes that encode its position, so
        /// that mix-ups are visible.
        case positionCoded
        /// Image i has label i % 10 and one plain colour per class: even one epoch learns it.
        case plainColourPerClass
        /// Image i of file f has label k = (i + f) % 10: a bright square at one of ten places on
        /// noise, so that convolutions have something local to find.
        case squarePerClass
    }

    /// The folder holding the six batch files and the class names.
    package let root: URL
    /// The five training files' images, in order, and the test file's.
    package let training: ImageSet
    package let test: ImageSet

    /// Writes `perFile` images into each of the six batch files under `folder` (a new temporary
    /// folder when nil).
    package init(in folder: URL? = nil, perFile: Int = 7, pattern: Pattern = .positionCoded) throws {
        root =
            folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("convlab-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var sets: [ImageSet] = []
        for (f, name) in CIFAR10.binaryFiles.enumerated() {
            let set = Self.images(count: perFile, file: f, pattern: pattern)
            try BinaryBatch.encode(set).write(to: root.appendingPathComponent(name))
            sets.append(set)
        }
        try (cifarClassNames.joined(separator: "\n") + "\n").write(
            to: root.appendingPathComponent(CIFAR10.metaFile), atomically: true, encoding: .utf8)
        training = sets.dropLast().dropFirst().reduce(sets[0], +)
        test = sets[sets.count - 1]
    }

    /// The images of batch file number `file` (0–4 training, 5 test).
    package static func images(count: Int, file: Int, pattern: Pattern = .positionCoded) -> ImageSet {
        switch pattern {
        case .positionCoded:
            let labels = (0..<count).map { UInt8(($0 + file) % 10) }
            let pixels = (0..<(count * ImageSet.bytesPerImage)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ file &* 7) }
            return ImageSet(pixels: pixels, labels: labels)
        case .plainColourPerClass:
            let labels = (0..<count).map { UInt8($0 % 10) }
            return ImageSet(
                pixels: labels.flatMap { [UInt8](repeating: $0 &* 25, count: ImageSet.bytesPerImage) }, labels: labels)
        case .squarePerClass:
            return squares(count: count, file: file)
        }
    }

    /// Class k: an 8×8 square of brightness 190 at one of ten places, on noise around 40.
    static func squares(count: Int, file: Int) -> ImageSet {
        var state = UInt64(42 + file)
        func noise() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            return Int(state >> 58)
        }
        var pixels: [UInt8] = []
        var labels: [UInt8] = []
        for i in 0..<count {
            let k = (i + file) % 10
            let (top, left) = ((k / 5) * 16 + 4, (k % 5) * 6)
            labels.append(UInt8(k))
            for _ in 0..<3 {
                for y in 0..<32 {
                    for x in 0..<32 {
                        let inside = (top..<(top + 8)).contains(y) && (left..<(left + 8)).contains(x)
                        pixels.append(UInt8((inside ? 190 : 40) + noise()))
                    }
                }
            }
        }
        return ImageSet(pixels: pixels, labels: labels)
    }

    package func file(_ name: String) -> URL { root.appendingPathComponent(name) }

    package func remove() { try? FileManager.default.removeItem(at: root) }
}

extension CIFAR10 {
    /// `count` black images of each of ten classes, for tests that need a data set's shape and
    /// names but none of its pixels.
    package static func blank(count: Int = 10) -> CIFAR10 {
        let images = ImageSet(
            pixels: [UInt8](repeating: 0, count: count * ImageSet.bytesPerImage),
            labels: (0..<count).map { UInt8($0 % 10) })
        return CIFAR10(
            directory: URL(fileURLWithPath: "/blank"), classNames: cifarClassNames, training: images, test: images)
    }
}
