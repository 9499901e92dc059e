import Foundation
import NeuralNet
import Testing

@Suite struct ModelTests {
    let cnn = Architecture(
        name: "cnn", inputShape: [32, 32, 3],
        layers: [
            .conv2d(filters: 32, kernelSize: 3, padding: .same), .relu, .maxPool2d(size: 2),
            .conv2d(filters: 64, kernelSize: 3, padding: .same), .relu, .maxPool2d(size: 2),
            .flatten, .dense(units: 128), .relu, .dense(units: 10),
        ])

    /// With Glorot weights and zero biases the logits start near zero, so the loss of an
    /// untrained 10-class model on image-like inputs in [0, 1] is close to ln 10 ≈ 2.303.
    @Test func untrainedLossIsNearLogTen() throws {
        var g = SeededGenerator(seed: 99)
        // Smooth random images: a per-image base colour plus small noise, like real photos.
        var pixels: [Float] = []
        for _ in 0..<64 {
            let base = (0..<3).map { _ in g.nextUnit() }
            for _ in 0..<1024 {
                for c in 0..<3 { pixels.append(Float(min(1, max(0, base[c] + 0.1 * (g.nextUnit() - 0.5))))) }
            }
        }
        let labels = (0..<64).map { $0 % 10 }
        for seed: UInt64 in [0, 1] {
            let model = try Sequential<Float>(cnn, seed: seed)
            let loss = SoftmaxCrossEntropy<Float>()(
                logits: model.forward(Tensor(shape: [64, 32, 32, 3], values: pixels)), labels: labels
            ).loss
            #expect(abs(loss - log(10)) < 0.15, "untrained loss \(loss)")
        }
    }

    @Test func summaryCountsParametersAndMACsLikeKeras() throws {
        let rows = try cnn.summary()
        #expect(rows.map(\.parameters) == [896, 0, 0, 18_496, 0, 0, 0, 524_416, 0, 1_290])
        #expect(rows[0].multiplyAccumulates == 32 * 32 * 32 * 27)
        #expect(rows[3].outputShape == [16, 16, 64])
        #expect(try cnn.parameterCount() == (try Sequential<Float>(cnn, seed: 0)).parameterCount)
    }

    @Test func receptiveFieldsMatchHandComputation() throws {
        // conv3: 3; pool2: 3 + 1 = 4 (jump 2); conv3: 4 + 2·2 = 8; pool2: 8 + 1·2 = 10.
        #expect(try cnn.summary().compactMap(\.receptiveField) == [3, 3, 4, 8, 8, 10])
    }

    @Test func receptiveFieldsWithStridesAndDepth() throws {
        // Stride-2 convs instead of pools: 3; then 3 + 2·2 = 7 (jump 4).
        let strided = Architecture(
            name: "s", inputShape: [32, 32, 3],
            layers: [
                .conv2d(filters: 4, kernelSize: 3, padding: .same, stride: 2), .relu,
                .conv2d(filters: 4, kernelSize: 3, padding: .same, stride: 2), .flatten,
            ])
        #expect(try strided.summary().compactMap(\.receptiveField) == [3, 3, 7])
        #expect(try strided.outputShapes()[2] == [8, 8, 4])
        // 5×5, valid: 5; pool 6 (jump 2); 5×5: 6 + 4·2 = 14; pool 16 (jump 4); 5×5: 16 + 4·4 = 32.
        let deep = Architecture(
            name: "d", inputShape: [32, 32, 3],
            layers: [
                .conv2d(filters: 2, kernelSize: 5, padding: .valid), .maxPool2d(size: 2),
                .conv2d(filters: 2, kernelSize: 5, padding: .valid), .maxPool2d(size: 2),
                .conv2d(filters: 2, kernelSize: 5, padding: .same),
            ])
        #expect(try deep.summary().compactMap(\.receptiveField) == [5, 6, 14, 16, 32])
        #expect(try deep.outputShapes().map { $0[0] } == [28, 14, 10, 5, 5])
    }

    /// Stride 1 encodes as before strides existed (old checkpoints and results still read), and
    /// every case survives a round trip.
    @Test func layerSpecsRoundTripThroughJSON() throws {
        let old = #"{"conv2d":{"filters":32,"kernelSize":3,"padding":"same"}}"#
        #expect(
            try JSONDecoder().decode(LayerSpec.self, from: Data(old.utf8))
                == .conv2d(filters: 32, kernelSize: 3, padding: .same, stride: 1))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(
            String(
                decoding: try encoder.encode(LayerSpec.conv2d(filters: 32, kernelSize: 3, padding: .same)),
                as: UTF8.self) == old)
        let all: [LayerSpec] = [
            .conv2d(filters: 2, kernelSize: 5, padding: .valid, stride: 2), .maxPool2d(size: 3), .relu, .flatten,
            .dense(units: 7),
        ]
        #expect(try JSONDecoder().decode([LayerSpec].self, from: try encoder.encode(all)) == all)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(LayerSpec.self, from: Data(#"{"conv3d":{}}"#.utf8))
        }
    }

    @Test func sameSeedSameWeightsOtherSeedOtherWeights() throws {
        let a = try Sequential<Float>(cnn, seed: 4)
        let b = try Sequential<Float>(cnn, seed: 4)
        let c = try Sequential<Float>(cnn, seed: 5)
        #expect(a.parameters[0].value.values == b.parameters[0].value.values)
        #expect(a.parameters[0].value.values != c.parameters[0].value.values)
        // Glorot uniform bound for the first conv: √(6 / (27 + 288)).
        let limit = Float((6.0 / 315).squareRoot())
        #expect(a.parameters[0].value.values.allSatisfy { abs($0) <= limit })
        #expect(a.parameters[1].value.values.allSatisfy { $0 == 0 })
    }

    @Test func architectureErrorsNameTheLayer() {
        let bad = Architecture(name: "bad", inputShape: [4, 4, 3], layers: [.dense(units: 3)])
        #expect(throws: ArchitectureError.self) { try bad.outputShapes() }
        do { _ = try bad.outputShapes() } catch { #expect("\(error)".contains("layer 0 (dense)")) }
    }

    /// A kernel wider than its input has no position, also with a stride (where (4 − 5) / 2 + 1
    /// would truncate to one output).
    @Test func aKernelWiderThanItsInputDoesNotFit() {
        let geometry = ConvGeometry(height: 4, width: 4, channels: 1, kernel: 5, padding: .valid, stride: 2)
        #expect(geometry.outHeight == 0 && geometry.outWidth == 0)
        #expect(ConvGeometry(height: 5, width: 6, channels: 1, kernel: 5, padding: .valid, stride: 2).outWidth == 1)
        let wide = Architecture(
            name: "w", inputShape: [4, 4, 3], layers: [.conv2d(filters: 2, kernelSize: 5, padding: .valid, stride: 2)])
        #expect(throws: ArchitectureError.self) { try wide.outputShapes() }
    }

    @Test func flushingDenormalsZeroesSubnormalResultsAndRestoresTheMode() {
        let (inside, after) = Thread.detachAndWait {
            let inside = Denormals.flushingToZero { opaque(Float.leastNormalMagnitude) * opaque(0.25) }
            return (inside, opaque(Float.leastNormalMagnitude) * opaque(0.25))
        }
        #if arch(x86_64) || arch(arm64)
        #expect(inside == 0)
        #endif
        #expect(after == Float.leastNormalMagnitude / 4, "IEEE subnormals again after the block")
    }
}

@inline(never) func opaque(_ x: Float) -> Float { x }

extension Thread {
    /// Runs `body` on a new thread (so a change to its floating-point mode stays there) and waits.
    static func detachAndWait(_ body: @escaping @Sendable () -> (Float, Float)) -> (Float, Float) {
        final class Box: @unchecked Sendable { var value: (Float, Float) = (.nan, .nan) }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.value = body()
            done.signal()
        }
        done.wait()
        return box.value
    }
}
