import ConvLabTestSupport
import Deployment
import Foundation
import Imaging
import NeuralNet
import Study
import Testing

@Suite struct ArtifactTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-deploy-\(UUID().uuidString)")
    let classes = cifarClassNames

    /// A trained-looking artifact: cnn3's architecture with seeded weights and a made-up run record.
    func makeArtifact() throws -> (url: URL, model: Sequential<Float>, manifest: ModelManifest) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let model = try Sequential<Float>(ModelDefinition.cnn3.architecture, seed: 3)
        let weights = folder.appendingPathComponent("w.weights")
        try Checkpoint.save(model, classNames: classes, to: weights)
        let manifest = ModelManifest(
            architecture: model.architecture, classNames: classes,
            training: .object(["model": .string("cnn3"), "epochs": .number(1), "seed": .number(3)]),
            seed: 3, testAccuracy: 0.61, dataMD5: ["test_batch.bin": "803d5f7f4d78ea53de84dbe85f74fb6d"],
            convlabVersion: "test")
        let url = folder.appendingPathComponent("model.tar.gz")
        try ModelArtifact.export(weights: weights, manifest: manifest, to: url)
        return (url, model, manifest)
    }

    func images() -> [RGBImage] {
        (0..<3).map { (i: Int) -> RGBImage in
            let pixels: [UInt8] = (0..<3072).map { (p: Int) -> UInt8 in UInt8((p * (i + 3) + i * 17) % 256) }
            return RGBImage(width: 32, height: 32, pixels: pixels)
        }
    }

    @Test func exportThenPredictGivesTheInMemoryProbabilitiesBitForBit() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let (url, model, manifest) = try makeArtifact()
        let (loaded, loadedManifest) = try ModelArtifact.load(url)
        #expect(loadedManifest == manifest)
        let fromArtifact = Predictor(model: loaded, manifest: loadedManifest).predict(images())
        let inMemory = Predictor(model: model, manifest: manifest).predict(images())
        #expect(
            fromArtifact.map { $0.probabilities.map(\.bitPattern) }
                == inMemory.map { $0.probabilities.map(\.bitPattern) })
        #expect(fromArtifact.allSatisfy { abs($0.probabilities.reduce(0, +) - 1) < 1e-5 && $0.note == nil })
        // The archive holds exactly the weights, the manifest and the ONNX model at its root.
        let listing = try Process.output(["tar", "-tzf", url.path])
        #expect(listing.split(separator: "\n").sorted() == ["model.json", "model.onnx", "model.weights"])
    }

    @Test func exportingTwiceGivesTheSameBytes() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let (url, _, manifest) = try makeArtifact()
        let first = try Data(contentsOf: url)
        Thread.sleep(forTimeInterval: 1.1)  // a second later: no time may leak into the archive
        let again = folder.appendingPathComponent("again.tar.gz")
        try ModelArtifact.export(weights: folder.appendingPathComponent("w.weights"), manifest: manifest, to: again)
        #expect(try Data(contentsOf: again) == first)
        // The gzip header's time field (bytes 4–7) is zero.
        #expect(first.count > 8 && first[4..<8].allSatisfy { $0 == 0 })
        let onnx = [folder.appendingPathComponent("a.onnx"), folder.appendingPathComponent("b.onnx")]
        for url in onnx {
            try ModelArtifact.export(
                weights: folder.appendingPathComponent("w.weights"), manifest: manifest, to: url, format: .onnx)
        }
        #expect(try Data(contentsOf: onnx[0]) == Data(contentsOf: onnx[1]))
    }

    @Test func otherSizesAreResizedByAreaAveragingWithANote() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let (url, _, _) = try makeArtifact()
        let (model, manifest) = try ModelArtifact.load(url)
        // 64×64 made of 2×2 blocks of one colour: area averaging halves it back exactly.
        let small = images()[0]
        var big = [UInt8](repeating: 0, count: 64 * 64 * 3)
        for y in 0..<64 {
            for x in 0..<64 {
                for c in 0..<3 { big[(y * 64 + x) * 3 + c] = small.pixels[((y / 2) * 32 + x / 2) * 3 + c] }
            }
        }
        let large = RGBImage(width: 64, height: 64, pixels: big)
        #expect(large.resized(width: 32, height: 32) == small)
        let predictor = Predictor(model: model, manifest: manifest)
        let (a, b) = (predictor.predict([large])[0], predictor.predict([small])[0])
        #expect(a.probabilities == b.probabilities)
        #expect(a.note?.contains("64×64") == true)
        // Averages, not samples: a 2×1 black/white image shrinks to mid-grey.
        #expect(
            RGBImage(width: 2, height: 1, pixels: [0, 0, 0, 255, 255, 255]).resized(width: 1, height: 1).pixels == [
                128, 128, 128,
            ])
    }

    @Test func wrongArtifactsAreRefusedWithTheFileNamed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let (url, model, manifest) = try makeArtifact()
        // Missing file, wrong architecture, future version, not an archive.
        let extracted = folder.appendingPathComponent("x")
        try FileManager.default.createDirectory(at: extracted, withIntermediateDirectories: true)
        _ = try Process.output(["tar", "-xzf", url.path, "-C", extracted.path])
        try FileManager.default.removeItem(at: extracted.appendingPathComponent("model.weights"))
        #expect { try ModelArtifact.load(extracted) } throws: { "\($0)".contains("model.weights is missing") }

        var other = manifest
        other.architecture = ModelDefinition.cnn5.architecture
        let weights = folder.appendingPathComponent("w.weights")
        #expect {
            try ModelArtifact.export(weights: weights, manifest: other, to: folder.appendingPathComponent("bad.tar.gz"))
        } throws: {
            "\($0)".contains("w.weights") && "\($0)".contains("expected")
        }
        var future = manifest
        future.formatVersion = 9
        let futureFolder = folder.appendingPathComponent("future")
        try FileManager.default.createDirectory(at: futureFolder, withIntermediateDirectories: true)
        try Checkpoint.save(model, classNames: classes, to: futureFolder.appendingPathComponent("model.weights"))
        try JSONEncoder().encode(future).write(to: futureFolder.appendingPathComponent("model.json"))
        #expect { try ModelArtifact.load(futureFolder) } throws: { "\($0)".contains("version 9") }

        let junk = folder.appendingPathComponent("junk.tar.gz")
        try Data("not gzip".utf8).write(to: junk)
        #expect { try ModelArtifact.load(junk) } throws: { "\($0)".contains("junk.tar.gz") }
        #expect { try ModelArtifact.load(folder.appendingPathComponent("none.tar.gz")) } throws: {
            "\($0)".contains("no such model")
        }
    }
}

extension Process {
    static func output(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return out
    }
}
