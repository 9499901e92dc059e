import CIFAR

/// What the EDA section reports about the data, computed from the bytes.
package struct DatasetStatistics: Codable, Sendable, Equatable {
    package struct Channel: Codable, Sendable, Equatable {
        package var name: String
        /// Mean and standard deviation of the raw bytes (0…255) and after scaling to [0, 1].
        package var rawMean, rawStd, scaledMean, scaledStd: Double
        /// Pixel counts in `histogramBins` equal bins over [0, 1].
        package var histogram: [Int]
    }

    package var classNames: [String]
    package var trainingCount: Int
    package var testCount: Int
    package var trainingClassCounts: [Int]
    package var testClassCounts: [Int]
    package var imageShape: [Int]  // (H, W, C)
    package var channels: [Channel]  // over the training set
    package static let histogramBins = 32

    package init(_ data: CIFAR10) {
        classNames = data.classNames
        trainingCount = data.training.count
        testCount = data.test.count
        trainingClassCounts = Self.counts(data.training.labels, classes: data.classNames.count)
        testClassCounts = Self.counts(data.test.labels, classes: data.classNames.count)
        imageShape = [ImageSet.height, ImageSet.width, ImageSet.channels]
        channels = ["R", "G", "B"].enumerated().map { c, name in Self.channel(c, name: name, of: data.training) }
    }

    static func counts(_ labels: [UInt8], classes: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: classes)
        for label in labels { counts[Int(label)] += 1 }
        return counts
    }

    /// One pass over a channel's bytes: a 256-bucket byte histogram gives mean, std and bins exactly.
    static func channel(_ c: Int, name: String, of set: ImageSet) -> Channel {
        var byteCounts = [Int](repeating: 0, count: 256)
        let plane = ImageSet.height * ImageSet.width
        set.pixels.withUnsafeBufferPointer { pixels in
            for i in 0..<set.count {
                let start = i * ImageSet.bytesPerImage + c * plane
                for p in start..<(start + plane) { byteCounts[Int(pixels[p])] += 1 }
            }
        }
        let n = Double(max(byteCounts.reduce(0, +), 1))
        let mean = byteCounts.enumerated().reduce(0.0) { $0 + Double($1.0 * $1.1) } / n
        let variance =
            byteCounts.enumerated().reduce(0.0) { $0 + Double($1.1) * (Double($1.0) - mean) * (Double($1.0) - mean) }
            / n
        var histogram = [Int](repeating: 0, count: histogramBins)
        for (value, count) in byteCounts.enumerated() {
            histogram[min(value * histogramBins / 256, histogramBins - 1)] += count
        }
        return Channel(
            name: name, rawMean: mean, rawStd: variance.squareRoot(), scaledMean: mean / 255,
            scaledStd: variance.squareRoot() / 255, histogram: histogram)
    }
}
