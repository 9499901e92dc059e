import CIFAR
import Foundation
import Testing

/// Checks against the published facts of the real files, when `../shared/cifar-10-batches-bin` exists.
@Suite(.enabled(if: SharedData.directory != nil, "the real CIFAR-10 files are not beside the repository"))
struct RealDataTests {
    @Test func countsClassBalanceAndPixelMeans() throws {
        let cifar = try CIFAR10.load(from: SharedData.directory!)
        #expect(cifar.training.count == 50_000 && cifar.test.count == 10_000)
        #expect(cifar.classNames.first == "airplane" && cifar.classNames.last == "truck")
        var counts = [Int](repeating: 0, count: 10)
        for label in cifar.test.labels { counts[Int(label)] += 1 }
        #expect(counts == Array(repeating: 1000, count: 10))
        // data_batch_1's label counts, as its README lists them.
        counts = [Int](repeating: 0, count: 10)
        for label in cifar.training.labels.prefix(10_000) { counts[Int(label)] += 1 }
        #expect(counts == [1005, 974, 1032, 1016, 999, 937, 1030, 1001, 1025, 981])
        // Mean of the red plane over the training set: 0.4914 in [0, 1].
        var red = 0
        for i in 0..<cifar.training.count { red += cifar.training.image(i).prefix(1024).reduce(0) { $0 + Int($1) } }
        #expect(abs(Double(red) / (50_000 * 1024 * 255) - 0.4914) < 5e-5)
    }

    @Test func testBatchMatchesItsPublishedMD5() throws {
        try Checksums.verify(
            SharedData.directory!.appendingPathComponent("test_batch.bin"), md5: Checksums.fileMD5s["test_batch.bin"]!)
    }
}
