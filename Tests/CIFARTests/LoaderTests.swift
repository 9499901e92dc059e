import CIFAR
import ConvLabTestSupport
import Foundation
import Testing

@Suite struct LoaderTests {
    @Test func readsEveryFileOfAFolderInOrder() throws {
        let data = try SyntheticCIFAR(perFile: 7)
        defer { data.remove() }
        let cifar = try CIFAR10.load(from: data.root)
        #expect(cifar.classNames == cifarClassNames)
        #expect(cifar.training == data.training)
        #expect(cifar.test == data.test)
        #expect(cifar.training.count == 35)
        #expect(cifar.training.labels.prefix(3) == [0, 1, 2])
        #expect(cifar.training.labels[7] == 1)  // second file, salt 1
        // Checksummed from the same read: the MD5 of each file as a separate hash of it gives.
        for name in CIFAR10.binaryFiles {
            #expect(cifar.md5[name] == (try Checksums.md5(of: data.root.appendingPathComponent(name))))
        }
        #expect(Checksums.md5(of: Data("abc".utf8)) == "900150983cd24fb0d6963f7d28e17f72")
    }

    @Test func encodeThenParseIsTheIdentity() throws {
        let set = SyntheticCIFAR.images(count: 3, file: 2)
        #expect(try BinaryBatch.parse(BinaryBatch.encode(set), file: "x.bin") == set)
        #expect(BinaryBatch.encode(set).count == 3 * 3073)
    }

    @Test func validationIsTheLastImagesBeforeShuffling() {
        let set = SyntheticCIFAR.images(count: 10, file: 0)
        let (training, validation) = set.splittingOffLast(3)
        #expect(training.count == 7 && validation.count == 3)
        #expect(validation.labels == Array(set.labels[7...]))
        #expect(Array(validation.image(0)) == Array(set.image(7)))
    }

    /// A slice is a view of the same bytes (the split copies nothing): images, nested slices,
    /// batches and re-encoding all read the right images through its offset.
    @Test func slicesReadThroughTheirOffset() throws {
        let set = SyntheticCIFAR.images(count: 10, file: 3)
        let middle = set.slice(2..<8)
        #expect(middle.pixels.startIndex == 2 * ImageSet.bytesPerImage)
        #expect(Array(middle.image(1)) == Array(set.image(3)))
        #expect(Array(middle.slice(3..<5).image(1)) == Array(set.image(6)))
        let copy = ImageSet(pixels: Array(middle.pixels), labels: middle.labels)
        #expect(try BinaryBatch.parse(BinaryBatch.encode(middle), file: "x.bin") == copy)
        var (a, b) = ([Float](), [Float]())
        var (la, lb) = ([Int](), [Int]())
        Batcher(images: middle, batchSize: 4).fill([5, 0, 2], pixels: &a, labels: &la)
        Batcher(images: copy, batchSize: 4).fill([5, 0, 2], pixels: &b, labels: &lb)
        #expect(a == b && la == lb && !a.isEmpty)
    }

    /// A shifted, mirrored placement (augmentation) by hand: out(y, x) = image(y + 1, 31 − x − 2),
    /// zero where that falls outside; the red plane holds (32·y + x) mod 256, green 7, blue 200.
    @Test func placementShiftsAndMirrorsWithZerosOutside() {
        let pixels =
            (0..<1024).map { UInt8($0 % 256) } + [UInt8](repeating: 7, count: 1024)
            + [UInt8](repeating: 200, count: 1024)
        let batcher = Batcher(images: ImageSet(pixels: pixels, labels: [1]), batchSize: 1)
        var floats: [Float] = []
        var labels: [Int] = []
        batcher.fill([0], pixels: &floats, labels: &labels) { _ in ImagePlacement(dy: 1, dx: -2, flip: true) }
        func pixel(_ y: Int, _ x: Int) -> [Float] { Array(floats[((y * 32 + x) * 3)..<((y * 32 + x) * 3 + 3)]) }
        #expect(pixel(0, 0) == [Float(61) / 255, Float(7) / 255, Float(200) / 255])
        #expect(pixel(2, 10) == [Float(115) / 255, Float(7) / 255, Float(200) / 255])
        #expect(pixel(31, 5) == [0, 0, 0])
        #expect(pixel(3, 30) == [0, 0, 0])
        // Reflect padding: outside the image, its mirror image at the edge (not repeating it).
        batcher.fill([0], pixels: &floats, labels: &labels) { _ in
            ImagePlacement(dy: 1, dx: -2, flip: true, reflects: true)
        }
        #expect(pixel(0, 0) == [Float(61) / 255, Float(7) / 255, Float(200) / 255])
        #expect(pixel(31, 5) == [Float(216) / 255, Float(7) / 255, Float(200) / 255])  // row 32 → 30, column 24
        #expect(pixel(3, 30) == [Float(129) / 255, Float(7) / 255, Float(200) / 255])  // row 4, column −1 → 1
        // The identity placement is the plain conversion.
        var plain: [Float] = []
        batcher.fill([0], pixels: &plain, labels: &labels)
        batcher.fill([0], pixels: &floats, labels: &labels) { _ in .identity }
        #expect(plain == floats)
    }

    @Test func batchesAreChannelsLastFloatsInUnitRange() {
        // One image: R plane all 255, G plane = pixel index mod 256, B plane 0.
        var pixels = [UInt8](repeating: 255, count: 1024)
        pixels += (0..<1024).map { UInt8($0 % 256) }
        pixels += [UInt8](repeating: 0, count: 1024)
        let batcher = Batcher(images: ImageSet(pixels: pixels, labels: [4]), batchSize: 8)
        var floats: [Float] = []
        var labels: [Int] = []
        batcher.fill([0], pixels: &floats, labels: &labels)
        #expect(labels == [4])
        #expect(floats.count == 3072)
        // Pixel (y = 1, x = 2) is index 34: (R, G, B) = (1, 34/255, 0).
        #expect(Array(floats[(34 * 3)..<(35 * 3)]) == [1, Float(34) / 255, 0])
    }

    @Test func shuffleIsASeededPermutation() {
        var a = SplitMix(seed: 1)
        var b = SplitMix(seed: 1)
        var c = SplitMix(seed: 2)
        let first = Batcher.shuffledIndices(count: 1000, using: &a)
        #expect(first.sorted() == Array(0..<1000))
        #expect(first == Batcher.shuffledIndices(count: 1000, using: &b))
        #expect(first != Batcher.shuffledIndices(count: 1000, using: &c))
        #expect(first != Array(0..<1000))
    }

    @Test func batchesCoverEveryImageOnceWithARaggedLastBatch() {
        let batcher = Batcher(images: SyntheticCIFAR.images(count: 10, file: 0), batchSize: 4)
        let order = Array((0..<10).reversed())
        #expect(batcher.batchCount == 3)
        #expect(Array(batcher.indices(ofBatch: 2, in: order)) == [1, 0])
        #expect((0..<3).flatMap { batcher.indices(ofBatch: $0, in: order) }.sorted() == Array(0..<10))
    }
}

/// A tiny generator for the tests (CIFAR does not depend on NeuralNet's).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
