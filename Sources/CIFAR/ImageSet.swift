/// Labelled 32×32 RGB images, kept as bytes exactly as the binary files store them: for each
/// image 1024 R, then 1024 G, then 1024 B values, each plane row-major — already CHW.
/// All 60,000 take ≈184 MB; `Batcher` turns a batch at a time into floats. A slice (the
/// training/validation split, a subset) is a view of the same bytes, not a copy.
public struct ImageSet: Sendable, Equatable {
    public static let height = 32, width = 32, channels = 3
    public static let bytesPerImage = channels * height * width  // 3072
    public static let bytesPerRecord = 1 + bytesPerImage  // 3073: label, then pixels

    public var pixels: ArraySlice<UInt8>  // (count, 3, 32, 32); indices start at pixels.startIndex
    public var labels: [UInt8]  // (count), 0…9

    public init(pixels: [UInt8], labels: [UInt8]) {
        self.init(pixels: pixels[...], labels: labels)
    }

    public init(pixels: ArraySlice<UInt8>, labels: [UInt8]) {
        precondition(
            pixels.count == labels.count * Self.bytesPerImage, "\(pixels.count) pixel bytes for \(labels.count) labels")
        self.pixels = pixels
        self.labels = labels
    }

    public var count: Int { labels.count }

    public func image(_ index: Int) -> ArraySlice<UInt8> {
        let start = pixels.startIndex + index * Self.bytesPerImage
        return pixels[start..<(start + Self.bytesPerImage)]
    }

    /// Images `range` as a set that shares these bytes.
    public func slice(_ range: Range<Int>) -> ImageSet {
        let start = pixels.startIndex
        return ImageSet(
            pixels: pixels[
                (start + range.lowerBound * Self.bytesPerImage)..<(start + range.upperBound * Self.bytesPerImage)],
            labels: Array(labels[range]))
    }

    /// Keras' `validation_split`: the last `validationCount` images, taken before any shuffling.
    public func splittingOffLast(_ validationCount: Int) -> (training: ImageSet, validation: ImageSet) {
        let cut = max(0, count - validationCount)
        return (slice(0..<cut), slice(cut..<count))
    }

    public static func + (lhs: ImageSet, rhs: ImageSet) -> ImageSet {
        concatenating([lhs, rhs])
    }

    /// The sets one after another, in one new buffer.
    public static func concatenating(_ sets: [ImageSet]) -> ImageSet {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(sets.reduce(0) { $0 + $1.pixels.count })
        for set in sets { pixels.append(contentsOf: set.pixels) }
        return ImageSet(pixels: pixels, labels: sets.flatMap(\.labels))
    }
}
