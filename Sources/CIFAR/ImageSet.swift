/// Labelled 32×32 RGB images, kept as bytes exactly as the binary files store them: for each
/// image 1024 R, then 1024 G, then 1024 B values, each plane row-major — already CHW.
/// All 60,000 take ≈184 MB; `Batcher` turns a batch at a time into floats.
public struct ImageSet: Sendable, Equatable {
    public static let height = 32, width = 32, channels = 3
    public static let bytesPerImage = channels * height * width  // 3072
    public static let bytesPerRecord = 1 + bytesPerImage  // 3073: label, then pixels

    public var pixels: [UInt8]  // (count, 3, 32, 32)
    public var labels: [UInt8]  // (count), 0…9

    public init(pixels: [UInt8], labels: [UInt8]) {
        precondition(
            pixels.count == labels.count * Self.bytesPerImage, "\(pixels.count) pixel bytes for \(labels.count) labels")
        self.pixels = pixels
        self.labels = labels
    }

    public var count: Int { labels.count }

    public func image(_ index: Int) -> ArraySlice<UInt8> {
        pixels[(index * Self.bytesPerImage)..<((index + 1) * Self.bytesPerImage)]
    }

    /// Images `range` as a new set.
    public func slice(_ range: Range<Int>) -> ImageSet {
        ImageSet(
            pixels: Array(pixels[(range.lowerBound * Self.bytesPerImage)..<(range.upperBound * Self.bytesPerImage)]),
            labels: Array(labels[range]))
    }

    /// Keras' `validation_split`: the last `validationCount` images, taken before any shuffling.
    public func splittingOffLast(_ validationCount: Int) -> (training: ImageSet, validation: ImageSet) {
        let cut = max(0, count - validationCount)
        return (slice(0..<cut), slice(cut..<count))
    }

    public static func + (lhs: ImageSet, rhs: ImageSet) -> ImageSet {
        ImageSet(pixels: lhs.pixels + rhs.pixels, labels: lhs.labels + rhs.labels)
    }
}
