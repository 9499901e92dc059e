import CIFAR
import Foundation
import NeuralNet
import Study

/// Training and inference speed of one model, measured as a user would see it.
struct Throughput: Codable {
    var model: String
    var data: String
    var batchSize: Int
    var trainingImagesPerSecond: Double
    var epochSeconds: Double
    var inferenceImagesPerSecond: Double
    /// Share of the epoch in the math library (GEMMs, oneDNN convolutions) and its speed there.
    var libraryShare: Double
    var libraryGFLOPS: Double
    var effectiveGFLOPS: Double
    /// `effectiveGFLOPS` over what the math library does on a large square GEMM here.
    var shareOfPeak: Double
    var peakResidentMB: Double?

    /// One full epoch in batches of `batchSize` (after a warm-up of 20 batches), then the 10,000
    /// test images at batch 256; `peakGFLOPS` is the machine's, from `GEMMBackend.measuredGFLOPS`.
    static func measure(
        _ model: ModelDefinition, batchSize: Int, data: CIFAR10, dataName: String, engine: EngineOptions,
        peakGFLOPS: Double
    ) throws -> Throughput {
        var configuration = TrainingConfiguration(model: model, epochs: 1, batchSize: batchSize, seed: 0)
        configuration.validationCount = 0
        let trainer = Trainer(configuration: configuration, data: data, engine: engine)
        // Warm-up: a short run on the first 20 batches' worth of images.
        var warmUp = configuration
        warmUp.trainingLimit = 20 * batchSize
        _ = try Trainer(configuration: warmUp, data: data, engine: engine).run()

        LibraryProfile.shared.start()
        let (run, trained) = try trainer.run()
        let library = LibraryProfile.shared.stop()
        let epoch = run.epochs[0]
        let macs = Double(try model.architecture.multiplyAccumulates())
        // Forward 2·MACs, backward 4·MACs (weights and inputs), per training image.
        let trainingFLOPs = 6 * macs * Double(run.trainingCount)

        _ = Evaluation.run(trained, on: data.test.slice(0..<min(512, data.test.count)))
        let start = Date()
        _ = Evaluation.run(trained, on: data.test, batchSize: 256)
        let inference = Double(data.test.count) / Date().timeIntervalSince(start)
        let effective = trainingFLOPs / epoch.trainingSeconds / 1e9
        return Throughput(
            model: model.name, data: dataName, batchSize: batchSize, trainingImagesPerSecond: epoch.imagesPerSecond,
            epochSeconds: epoch.trainingSeconds, inferenceImagesPerSecond: inference,
            libraryShare: library.seconds / epoch.trainingSeconds,
            libraryGFLOPS: library.flops / max(library.seconds, 1e-9) / 1e9,
            effectiveGFLOPS: effective, shareOfPeak: effective / peakGFLOPS,
            peakResidentMB: StudyEnvironment.peakResidentMegabytes)
    }

    /// 50,000 + 10,000 random images when the real data is not at hand: same shapes, same work.
    static func syntheticData() -> CIFAR10 {
        var state: UInt64 = 7
        func images(_ count: Int) -> ImageSet {
            var pixels = [UInt8](repeating: 0, count: count * ImageSet.bytesPerImage)
            for i in pixels.indices {
                state = state &* 6_364_136_223_846_793_005 &+ 1
                pixels[i] = UInt8(state >> 56)
            }
            return ImageSet(pixels: pixels, labels: (0..<count).map { UInt8($0 % 10) })
        }
        return CIFAR10(
            directory: URL(fileURLWithPath: "/synthetic"), classNames: (0..<10).map { "class \($0)" },
            training: images(50_000), test: images(10_000))
    }
}
