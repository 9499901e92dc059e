import CIFAR
import ConvLabTestSupport
import Foundation
import NeuralNet
import Testing

@testable import Study

@Suite struct ImageTransformTests {
    /// Three images of distinct random bytes, so every pixel and plane can be told apart.
    let images: ImageSet = {
        var g = SeededGenerator(seed: 21)
        let pixels = (0..<(3 * ImageSet.bytesPerImage)).map { _ in UInt8(g.next() & 0xFF) }
        return ImageSet(pixels: pixels, labels: [0, 1, 2])
    }()

    func pixel(_ set: ImageSet, _ image: Int, _ c: Int, _ y: Int, _ x: Int) -> UInt8 {
        set.pixels[image * ImageSet.bytesPerImage + (c * 32 + y) * 32 + x]
    }

    @Test(arguments: [(3, 0), (0, 5), (-2, 4), (8, -8)])
    func shiftingByKAndBackRestoresTheKeptRegion(dx: Int, dy: Int) {
        let there = images.shifted(dx: dx, dy: dy, fill: .zeros)
        let back = there.shifted(dx: -dx, dy: -dy, fill: .zeros)
        let keptRows = max(0, -dy)..<min(32, 32 - dy)
        let keptColumns = max(0, -dx)..<min(32, 32 - dx)
        for i in 0..<3 {
            for c in 0..<3 {
                for y in 0..<32 {
                    for x in 0..<32 {
                        let kept = keptRows.contains(y) && keptColumns.contains(x)
                        #expect(pixel(back, i, c, y, x) == (kept ? pixel(images, i, c, y, x) : 0))
                    }
                }
            }
        }
        // The content moved: pixel (y, x) lands at (y + dy, x + dx).
        #expect(pixel(there, 1, 2, 10 + dy, 10 + dx) == pixel(images, 1, 2, 10, 10))
        #expect(there.labels == images.labels)
    }

    @Test func wrappingIsCircularAndLosesNothing() {
        let there = images.shifted(dx: 5, dy: -3, fill: .wrap)
        #expect(there.shifted(dx: -5, dy: 3, fill: .wrap) == images)
        #expect(pixel(there, 0, 1, 0, 4) == pixel(images, 0, 1, 3, 31))  // (3, 31) → (0, 36 mod 32 = 4)
        #expect(images.shifted(dx: 32, dy: 0, fill: .wrap) == images)
        #expect(images.shifted(dx: 32, dy: 0, fill: .zeros).pixels.allSatisfy { $0 == 0 })
        #expect(images.shifted(dx: 0, dy: 0, fill: .zeros) == images)
    }

    @Test func aPermutationIsABijectionFixedBySeed() {
        let p = PixelPermutation(seed: 1)
        #expect(p.source.count == 1024)
        #expect(Set(p.source) == Set(0..<1024))
        #expect(p == PixelPermutation(seed: 1))
        #expect(p != PixelPermutation(seed: 2))
        #expect(p.source.enumerated().filter { $0 == $1 }.count < 10)  // it actually scrambles
    }

    @Test func thePermutationIsTheSameForEveryImageAndChannel() {
        let p = PixelPermutation(seed: 7)
        let scrambled = images.permutingPixels(p)
        for i in 0..<3 {
            for c in 0..<3 {
                for q in [0, 1, 500, 1023] {
                    let s = p.source[q]
                    #expect(pixel(scrambled, i, c, q / 32, q % 32) == pixel(images, i, c, s / 32, s % 32))
                }
            }
        }
        // A bijection loses nothing: each image keeps its multiset of values per channel.
        for i in 0..<3 {
            let before = images.image(i).sorted()
            let after = scrambled.image(i).sorted()
            #expect(before == after)
        }
        var inverse = [Int](repeating: 0, count: 1024)
        for (q, s) in p.source.enumerated() { inverse[s] = q }
        #expect(scrambled.permutingPixels(PixelPermutation(seed: 0, source: inverse)) == images)
    }

    /// A permuted run reads the original bytes scrambled batch by batch; it must see exactly the
    /// images a permuted copy holds, also when augmentation then moves them.
    @Test func scramblingAsImagesAreReadGivesThePermutedCopysBatches() {
        let p = PixelPermutation(seed: 9)
        let lazy = Batcher(images: images, batchSize: 2, pixelSource: p.source)
        let copy = Batcher(images: images.permutingPixels(p), batchSize: 2)
        for placement in [nil, { (_: Int) in ImagePlacement(dy: 2, dx: -3, flip: true) }] {
            var (a, b): ([Float], [Float]) = ([], [])
            var (la, lb): ([Int], [Int]) = ([], [])
            lazy.fill([2, 0], pixels: &a, labels: &la, placement: placement)
            copy.fill([2, 0], pixels: &b, labels: &lb, placement: placement)
            #expect(a == b && la == lb)
            #expect(a.count == 2 * ImageSet.bytesPerImage)
        }
    }
}

@Suite struct ReceptiveFieldExtentTests {
    @Test func supportIsTheNonZeroBoxAndTheHalfMassSquareShrinksToTheMass() {
        // A 10×10 field: a 6×6 box of ones (rows/cols 2…7) with a heavy centre 2×2.
        var v = [Double](repeating: 0, count: 100)
        for y in 2...7 { for x in 2...7 { v[y * 10 + x] = 1 } }
        for y in 4...5 { for x in 4...5 { v[y * 10 + x] = 100 } }
        let (support, side) = EffectiveReceptiveField.extent(of: v, height: 10, width: 10)
        #expect(support == [2, 2, 7, 7])
        // Total 432; the central 2×2 holds 400 (93%): inset 2 → side 2.
        #expect(side == 2)
        // Uniform 10×10: 8×8 holds 64%, 6×6 only 36% → side 8.
        let flat = [Double](repeating: 1, count: 100)
        #expect(EffectiveReceptiveField.extent(of: flat, height: 10, width: 10).halfMassSide == 8)
    }

    @Test func anUntrainedCNNsFieldIsBoundedByItsTheoreticalOne() throws {
        let model = try Sequential<Float>(ModelDefinition.cnn3.architecture, seed: 0)
        let images = SyntheticCIFAR.images(count: 8, file: 3, pattern: .squarePerClass)
        let field = try EffectiveReceptiveField.measure(model, named: .cnn3, images: images, count: 8)
        #expect(field.theoretical == 8)
        #expect(field.unit == [8, 8])
        let side = (field.support[2] - field.support[0] + 1, field.support[3] - field.support[1] + 1)
        #expect(side.0 <= 8 && side.1 <= 8 && side.0 >= 6)
        #expect(field.magnitude.max() == 1)
        #expect(field.halfMassSide < side.0)
    }

    /// Chunks of images only bound memory: the summed gradient is the one of all images at once.
    @Test func theFieldDoesNotDependOnTheChunkSize() throws {
        let model = try Sequential<Float>(ModelDefinition.cnn5.architecture, seed: 1)
        let images = SyntheticCIFAR.images(count: 10, file: 4, pattern: .squarePerClass)
        let whole = try EffectiveReceptiveField.measure(model, named: .cnn5, images: images, count: 10, chunk: 10)
        let chunked = try EffectiveReceptiveField.measure(model, named: .cnn5, images: images, count: 10, chunk: 3)
        #expect(whole.support == chunked.support && whole.halfMassSide == chunked.halfMassSide)
        #expect(zip(whole.magnitude, chunked.magnitude).allSatisfy { abs($0 - $1) <= 1e-5 })
        #expect(whole.magnitude.contains { $0 > 0.1 && $0 < 0.9 })  // a field, not all zeros and ones
    }
}

@Suite struct StudyPlanTests {
    /// Unpermuted runs keep the cache keys they had before the permutation field existed.
    @Test func anUnpermutedConfigurationEncodesWithoutThePermutationField() throws {
        let json = String(decoding: try JSONEncoder().encode(TrainingConfiguration(model: .cnn3)), as: UTF8.self)
        #expect(!json.contains("pixelPermutationSeed"))
        #expect(
            String(
                decoding: try JSONEncoder().encode(TrainingConfiguration(model: .cnn3, pixelPermutationSeed: 1)),
                as: UTF8.self
            )
            .contains("\"pixelPermutationSeed\":1"))
    }

    @Test func featureMapImagesAreCorrectlyClassifiedAndOfTwoClasses() {
        let chosen = StudyRunner.featureMapImages(labels: [3, 3, 5, 3, 8], predicted: [1, 3, 5, 3, 8])
        #expect(chosen.map(\.index) == [1, 2])
        #expect(StudyRunner.featureMapImages(labels: [1, 2], predicted: [0, 0]).map(\.index) == [0, 1])
    }
}
