import NeuralNet
import Testing

/// Channel-blocked activations between oneDNN convolutions (`ActivationLayout`): the conversion
/// itself, and a model planned with blocks against the same model on im2col (all NHWC).
@Suite struct LayoutTests {
    @Test func blockedLayoutPutsEachElementWhereNChw16cSays() {
        let (n, h, w, c) = (2, 3, 5, 32)
        let nhwc = (0..<(n * h * w * c)).map(Float.init)
        var blocked = [Float](repeating: -1, count: nhwc.count)
        var back = blocked
        nhwc.withUnsafeBufferPointer { x in
            blocked.withUnsafeMutableBufferPointer { y in
                ActivationLayout.convert(
                    x.baseAddress!, from: .nhwc, to: y.baseAddress!, .channelBlocks16, batch: n, height: h, width: w,
                    channels: c)
            }
        }
        for (i, j, k, ch) in [(0, 0, 0, 0), (1, 2, 4, 31), (0, 1, 3, 17), (1, 0, 2, 15)] {
            let source = ((i * h + j) * w + k) * c + ch
            let target = (((i * (c / 16) + ch / 16) * h + j) * w + k) * 16 + ch % 16
            #expect(blocked[target] == nhwc[source])
        }
        blocked.withUnsafeBufferPointer { x in
            back.withUnsafeMutableBufferPointer { y in
                ActivationLayout.convert(
                    x.baseAddress!, from: .channelBlocks16, to: y.baseAddress!, .nhwc, batch: n, height: h, width: w,
                    channels: c)
            }
        }
        #expect(back == nhwc)
    }

    let architecture = Architecture(
        name: "blocks", inputShape: [10, 10, 3],
        layers: [
            .conv2d(filters: 16, kernelSize: 3, padding: .same), .relu, .maxPool2d(size: 2),
            .conv2d(filters: 32, kernelSize: 3, padding: .same), .relu, .maxPool2d(size: 2),
            .flatten, .dense(units: 4),
        ])

    /// max |a − b| relative to the largest |b|.
    func distance(_ a: [Float], _ b: [Float]) -> Float {
        let scale = b.map(abs).max() ?? 1
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / max(scale, 1e-12) } ?? 0
    }

    @Test(.enabled(if: ActivationLayout.channelBlocksRunFast, "channel blocks of 16 need AVX-512"))
    func blockedModelMatchesTheNHWCModel() throws {
        let blocked = try Sequential<Float>(architecture, seed: 5, options: EngineOptions(convolution: .oneDNN))
        let plain = try Sequential<Float>(architecture, seed: 5, options: EngineOptions(convolution: .im2col))
        #expect(plain.outputLayouts.allSatisfy { $0 == .nhwc })
        #expect(plain.convolutionEngine == "im2col + GEMM")
        #if canImport(CDNNL)
        #expect(blocked.convolutionEngine?.hasSuffix("primitives (Winograd: 1 of 2 layers), channel blocks") == true)
        #expect(
            blocked.outputLayouts == [
                .channelBlocks16, .channelBlocks16, .channelBlocks16,
                .channelBlocks16, .channelBlocks16, .channelBlocks16, .nhwc, .nhwc,
            ])
        #endif
        var g = SeededGenerator(seed: 6)
        // Two random images and one of a single colour, whose flat regions tie in every pooling
        // window: the winner must be the first in window order in both layouts.
        let x = Tensor<Float>(
            shape: [3, 10, 10, 3],
            values: (0..<600).map { _ in Float(g.nextUnit()) } + (0..<300).map { Float($0 % 3) / 4 })
        #expect(distance(blocked.forward(x).values, plain.forward(x).values) < 1e-5)
        // Every layer's output comes back NHWC.
        for (a, b) in zip(blocked.activations(x, through: 5), plain.activations(x, through: 5)) {
            #expect(distance(a.values, b.values) < 1e-5)
        }
        // A gradient handed in NHWC at a blocked layer, and the parameter gradients it leads to.
        let seed = Tensor<Float>(
            shape: [3, 5, 5, 32], values: (0..<(3 * 5 * 5 * 32)).map { _ in Float(g.nextUnit() - 0.5) })
        let dx = blocked.inputGradient(x, through: 4, outputGradient: seed).values
        let dxPlain = plain.inputGradient(x, through: 4, outputGradient: seed).values
        #expect(distance(dx, dxPlain) < 1e-4)
        for (a, b) in zip(blocked.parameters.prefix(4), plain.parameters.prefix(4)) {
            #expect(distance(a.gradient.values, b.gradient.values) < 1e-4, "\(a.name)")
        }
    }

    /// Channel blocks are planned only where oneDNN's fast kernels take them.
    @Test func channelBlocksArePlannedOnlyWhereTheyRunFast() throws {
        let network = try Sequential<Float>(architecture, seed: 5, options: EngineOptions(convolution: .oneDNN))
        #if canImport(CDNNL)
        #expect(network.outputLayouts.contains(.channelBlocks16) == ActivationLayout.channelBlocksRunFast)
        #expect(EngineOptions.fastest.blocksChannels == ActivationLayout.channelBlocksRunFast)
        #endif
    }
}
