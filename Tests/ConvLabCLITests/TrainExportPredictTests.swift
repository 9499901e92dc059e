import CIFAR
import Deployment
import Foundation
import Imaging
import NeuralNet
import Study
import Testing

@testable import ConvLabCLI

/// One home for trained models: `report train` trains into the run cache (and reuses what is
/// there), `report export --run KEY` packages it with no study around it, `report predict` runs
/// it. Synthetic data is not the official CIFAR-10, so it is refused without the flag that
/// accepts modified data.
@Suite struct TrainExportPredictTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-cli-\(UUID().uuidString)")

    @Test func trainThenExportThenPredictWithoutAStudy() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try writeSyntheticData(under: root).path
        let cache = root.appendingPathComponent("runs")
        let arguments = ["--model", "mlp", "--epochs", "1", "--data", data, "--cache", cache.path]
        #expect(throws: CIFARError.self) { try TrainCommand.parse(arguments).run() }
        #expect(!FileManager.default.fileExists(atPath: cache.path), "nothing trained on refused data")

        try TrainCommand.parse(arguments + ["--accept-modified-data"]).run()
        let keys = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { !$0.hasPrefix(".") }
        #expect(keys.count == 1 && keys[0].hasPrefix("mlp-s0-"))
        let key = try #require(keys.first)
        let runFile = cache.appendingPathComponent(key).appendingPathComponent("run.json")
        let trained = try Data(contentsOf: runFile)

        // The same command again reuses the run: nothing is retrained or rewritten.
        try TrainCommand.parse(arguments + ["--accept-modified-data"]).run()
        #expect(try Data(contentsOf: runFile) == trained)

        let artifact = root.appendingPathComponent("model.tar.gz")
        try ExportCommand.parse(["--run", key, "--cache", cache.path, "--out", artifact.path]).run()
        let (model, manifest) = try ModelArtifact.load(artifact)
        let (entry, _) = try RunCache.stored(key: key, in: cache)
        #expect(model.parameters.map(\.value.values) == entry.model.parameters.map(\.value.values))
        #expect(manifest.seed == 0 && manifest.dataMD5.count == CIFAR10.binaryFiles.count)

        let image = root.appendingPathComponent("red.png")
        try PNG.write(RGBImage(width: 32, height: 32, pixels: [UInt8](repeating: 200, count: 3072)), to: image)
        try PredictCommand.parse(["--model", artifact.path, image.path]).run()
    }
}
