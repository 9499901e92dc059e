/// Turns an `ImageSet` into mini-batches of floats in [0, 1], one batch at a time, in an
/// order shuffled per epoch from a caller-supplied seeded generator.
public struct Batcher: Sendable {
    public let images: ImageSet
    public let batchSize: Int
    /// When set, each image is read with its pixel positions scrambled: pixel p of every channel
    /// comes from pixel `pixelSource[p]`. Scrambling as images are read keeps one copy of the
    /// data set in memory for a study that also trains on permuted pixels (a copy is 184 MB).
    public let pixelSource: [Int]?
    /// Whether a last batch smaller than the others is left out of each epoch (PyTorch's
    /// `drop_last`; airbench's 50,000 images in batches of 1,024 make 48 batches).
    public let dropsLastBatch: Bool

    public init(images: ImageSet, batchSize: Int, pixelSource: [Int]? = nil, dropsLastBatch: Bool = false) {
        precondition(batchSize > 0)
        precondition(
            pixelSource.map { Set($0) == Set(0..<(ImageSet.height * ImageSet.width)) } ?? true,
            "pixelSource must be a permutation of an image's pixel positions")
        self.images = images
        self.batchSize = batchSize
        self.pixelSource = pixelSource
        self.dropsLastBatch = dropsLastBatch
    }

    public var batchCount: Int {
        dropsLastBatch ? images.count / batchSize : (images.count + batchSize - 1) / batchSize
    }

    /// A random permutation of 0..<count by Fisher–Yates, defined here so that it does not
    /// change with the standard library's shuffle algorithm.
    public static func shuffledIndices<G: RandomNumberGenerator>(count: Int, using generator: inout G) -> [Int] {
        var order = Array(0..<count)
        guard count > 1 else { return order }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(UInt64(i + 1).multipliedFullWidth(by: generator.next()).high)  // uniform in 0...i
            order.swapAt(i, j)
        }
        return order
    }

    /// The indices of batch `b` in `order`.
    public func indices(ofBatch b: Int, in order: [Int]) -> ArraySlice<Int> {
        order[(b * batchSize)..<min((b + 1) * batchSize, order.count)]
    }

    /// Writes the images at `indices` as floats, pixel / 255, channels last (H, W, C per image,
    /// as the network takes them) into `pixels`, and their labels into `labels`; both are
    /// resized only when their size changes. `placement`, given an image's index, says how to
    /// shift and mirror it (data augmentation, after any scrambling by `pixelSource`); without it
    /// every image is placed as it is.
    public func fill(
        _ indices: ArraySlice<Int>, pixels: inout [Float], labels: inout [Int],
        placement: ((Int) -> ImagePlacement)? = nil
    ) {
        let size = ImageSet.bytesPerImage
        if pixels.count != indices.count * size { pixels = [Float](repeating: 0, count: indices.count * size) }
        if labels.count != indices.count { labels = [Int](repeating: 0, count: indices.count) }
        let scrambled = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { scrambled.deallocate() }
        images.pixels.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                for (row, index) in indices.enumerated() {
                    var from = src.baseAddress! + index * size
                    let to = dst.baseAddress! + row * size
                    if let pixelSource {
                        Self.scramble(from, into: scrambled, by: pixelSource)
                        from = UnsafePointer(scrambled)
                    }
                    if let p = placement?(index), p != .identity {
                        Self.planarToInterleaved(from, to, placed: p)
                    } else {
                        Self.planarToInterleaved(from, to)
                    }
                }
            }
        }
        for (row, index) in indices.enumerated() { labels[row] = Int(images.labels[index]) }
    }

    /// One image's planes with each plane's pixel p taken from pixel `source[p]`.
    static func scramble(_ from: UnsafePointer<UInt8>, into to: UnsafeMutablePointer<UInt8>, by source: [Int]) {
        let plane = ImageSet.height * ImageSet.width
        source.withUnsafeBufferPointer { source in
            for c in 0..<ImageSet.channels {
                for p in 0..<plane { to[c * plane + p] = from[c * plane + source[p]] }
            }
        }
    }

    /// The same, with the image shifted by (dy, dx), then mirrored: out(y, x) = image(y + dy,
    /// x′ + dx) with x′ = 31 − x when flipped, else x; outside the image zeros, or its reflection
    /// (`ImagePlacement.reflects`).
    static func planarToInterleaved(
        _ from: UnsafePointer<UInt8>, _ to: UnsafeMutablePointer<Float>, placed p: ImagePlacement
    ) {
        let (height, width) = (ImageSet.height, ImageSet.width)
        let plane = height * width
        for y in 0..<height {
            let row = to + y * width * 3
            guard let sy = p.source(y + p.dy, along: height) else {
                row.update(repeating: 0, count: width * 3)
                continue
            }
            for x in 0..<width {
                let sx = p.source((p.flip ? width - 1 - x : x) + p.dx, along: width)
                let source = sy * width + (sx ?? 0)
                for c in 0..<3 { row[3 * x + c] = sx == nil ? 0 : Float(from[c * plane + source]) / 255 }
            }
        }
    }

    /// One image from the file's planes (C, H, W) of bytes to (H, W, C) floats in [0, 1].
    /// Pixel by pixel, so that each store is next to the last (a plane at a time wrote every
    /// third float and ran 1.7× slower: a fifth of an MLP's inference batch).
    static func planarToInterleaved(_ from: UnsafePointer<UInt8>, _ to: UnsafeMutablePointer<Float>) {
        let plane = ImageSet.height * ImageSet.width  // three planes: CIFAR images are RGB
        let (red, green, blue) = (from, from + plane, from + 2 * plane)
        for p in 0..<plane {
            to[3 * p] = Float(red[p]) / 255
            to[3 * p + 1] = Float(green[p]) / 255
            to[3 * p + 2] = Float(blue[p]) / 255
        }
    }
}
