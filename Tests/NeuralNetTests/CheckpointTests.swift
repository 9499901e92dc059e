import Foundation
import NeuralNet
import Testing

@Suite struct CheckpointTests {
    let architecture = Architecture(
        name: "small-cnn", inputShape: [8, 8, 3],
        layers: [
            .conv2d(filters: 4, kernelSize: 3, padding: .same), .relu, .maxPool2d(size: 2), .flatten, .dense(units: 10),
        ])
    let classes = (0..<10).map { "class\($0)" }

    func input() -> Tensor<Float> {
        var g = SeededGenerator(seed: 5)
        return Tensor(shape: [3, 8, 8, 3], values: (0..<(3 * 192)).map { _ in Float(g.nextUnit()) })
    }

    @Test func saveThenLoadReproducesPredictionsBitForBit() throws {
        let model = try Sequential<Float>(architecture, seed: 11)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-\(UUID()).weights")
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model, classNames: classes, metadata: ["seed": "11"], to: url)
        let (loaded, header): (Sequential<Float>, Checkpoint.Header) = try Checkpoint.load(
            from: url, expecting: architecture)
        #expect(header.classNames == classes)
        #expect(header.metadata["seed"] == "11")
        let before = model.forward(input()).values
        let after = loaded.forward(input()).values
        #expect(before.map(\.bitPattern) == after.map(\.bitPattern))
    }

    @Test func rejectsAnotherArchitecture() throws {
        let data = try Checkpoint.encode(try Sequential<Float>(architecture, seed: 1), classNames: classes)
        var other = architecture
        other.layers[0] = .conv2d(filters: 4, kernelSize: 5, padding: .same)
        #expect(throws: Checkpoint.Failure.self) {
            let _: (Sequential<Float>, Checkpoint.Header) = try Checkpoint.decode(
                data, source: "m.weights", expecting: other)
        }
        do {
            let _: (Sequential<Float>, Checkpoint.Header) = try Checkpoint.decode(
                data, source: "m.weights", expecting: other)
        } catch {
            #expect("\(error)".contains("m.weights"))
            #expect("\(error)".contains("expected"))
        }
    }

    @Test func rejectsTruncatedForeignAndFutureFiles() throws {
        let data = try Checkpoint.encode(try Sequential<Float>(architecture, seed: 1), classNames: classes)
        var future = data
        future[8] = 3
        let cases: [(Data, String)] = [
            (data.prefix(data.count - 4), "truncated"),
            (Data("hello world, not weights".utf8), "not a ConvLab weights file"),
            (future, "version 3"),
        ]
        for (bytes, phrase) in cases {
            do {
                let _: (Sequential<Float>, Checkpoint.Header) = try Checkpoint.decode(bytes, source: "bad.weights")
                Issue.record("accepted a bad file (\(phrase))")
            } catch {
                #expect("\(error)".contains("bad.weights"))
                #expect("\(error)".contains(phrase))
            }
        }
    }

    /// A model holding a layer this ConvLab does not know is refused with the layer's name.
    @Test func unknownLayersAreNamed() throws {
        var data = try Checkpoint.encode(try Sequential<Float>(architecture, seed: 1), classNames: classes)
        let relu = Data("{\"relu\":{}}".utf8)
        let silu = Data("{\"silu\":{}}".utf8)
        let range = try #require(data.range(of: relu))
        data.replaceSubrange(range, with: silu)
        #expect {
            let _: (Sequential<Float>, Checkpoint.Header) = try Checkpoint.decode(data, source: "new.weights")
        } throws: {
            "\($0)".contains("new.weights") && "\($0)".contains("unknown layer \"silu\"")
        }
    }
}
