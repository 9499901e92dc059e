import CIFAR
import NeuralNet

/// What a shift puts where the image moved away from.
package enum ShiftFill: String, Codable, Sendable, CaseIterable {
    /// Black: the content leaves the frame.
    case zeros
    /// Wrap-around: what leaves one side comes back on the other (a circular shift).
    case wrap
}

/// One fixed scrambling of pixel positions: output pixel p takes input pixel `source[p]`, with
/// its three channels kept together. The same for every image; drawn from a seed by Fisher–Yates.
package struct PixelPermutation: Sendable, Equatable {
    package let seed: UInt64
    package let source: [Int]

    package init(seed: UInt64, pixels: Int = ImageSet.height * ImageSet.width) {
        var generator = SeededGenerator(seed: seed)
        self.seed = seed
        source = Batcher.shuffledIndices(count: pixels, using: &generator)
    }

    /// A permutation given by its indices (to undo one, in tests).
    init(seed: UInt64, source: [Int]) {
        self.seed = seed
        self.source = source
    }
}

extension ImageSet {
    /// Every image moved right by `dx` and down by `dy` pixels (negative: left, up).
    package func shifted(dx: Int, dy: Int, fill: ShiftFill) -> ImageSet {
        let h = Self.height
        let w = Self.width
        return remapped { y, x in
            let sy = y - dy
            let sx = x - dx
            switch fill {
            case .zeros: return (0..<h).contains(sy) && (0..<w).contains(sx) ? sy * w + sx : nil
            case .wrap: return ((sy % h + h) % h) * w + (sx % w + w) % w
            }
        }
    }

    /// Every image with its pixel positions scrambled by `permutation`.
    package func permutingPixels(_ permutation: PixelPermutation) -> ImageSet {
        precondition(
            permutation.source.count == Self.height * Self.width, "a permutation of \(permutation.source.count) pixels")
        return remapped { y, x in permutation.source[y * Self.width + x] }
    }

    /// out[c, y, x] = in[c, source(y, x)], or 0 where `source` is nil; the same map for every
    /// image and channel.
    private func remapped(_ source: (_ y: Int, _ x: Int) -> Int?) -> ImageSet {
        let plane = Self.height * Self.width
        let map = (0..<plane).map { source($0 / Self.width, $0 % Self.width) ?? -1 }
        var out = [UInt8](repeating: 0, count: pixels.count)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                map.withUnsafeBufferPointer { map in
                    var start = 0
                    while start < src.count {
                        for p in 0..<plane where map[p] >= 0 { dst[start + p] = src[start + map[p]] }
                        start += plane
                    }
                }
            }
        }
        return ImageSet(pixels: out, labels: labels)
    }
}
