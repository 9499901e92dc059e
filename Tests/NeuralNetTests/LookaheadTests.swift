import NeuralNet
import Testing

@Suite struct LookaheadTests {
    /// slow ← d·slow + (1 − d)·θ, θ ← slow, over weights, biases and moving statistics alike.
    @Test func theSlowCopyAveragesAndTheNetworkIsResetToIt() throws {
        let architecture = Architecture(name: "t", inputShape: [2], layers: [.dense(units: 2), .batchNorm()])
        let network = try Sequential<Double>(architecture, seed: 1)
        let lookahead = Lookahead(network)
        let start = network.parameters.map(\.value.values) + network.buffers.map(\.value.values)
        for tensor in network.parameters.map(\.value) + network.buffers.map(\.value) {
            tensor.assign(tensor.values.map { $0 + 4 })
        }
        lookahead.update(decay: 0.75)
        let now = network.parameters.map(\.value.values) + network.buffers.map(\.value.values)
        #expect(now.count == 6)  // kernel, bias, γ, β, moving mean, moving variance
        for (before, after) in zip(start, now) {
            #expect(zip(before, after).allSatisfy { abs($1 - ($0 + 1)) < 1e-15 }, "0.75·θ₀ + 0.25·(θ₀ + 4)")
        }
        network.parameters[0].value.assign([0, 0, 0, 0])
        lookahead.update(decay: 1)  // the end of training: the slow copy, unchanged, into the network
        #expect(zip(network.parameters[0].value.values, now[0]).allSatisfy { $0 == $1 })
    }

    /// PyTorch's lerp arithmetic: a tensor that has not moved since the last update (a frozen
    /// one) is left bit for bit as it is, at any decay.
    @Test func anUnmovedTensorStaysExactly() throws {
        let architecture = Architecture(name: "t", inputShape: [3], layers: [.dense(units: 2)])
        let network = try Sequential<Float>(architecture, seed: 4)
        let lookahead = Lookahead(network)
        let kernel = network.parameters[0].value.values
        for decay in [0.9, 0.7, 0.5, 0.3, 0.1, 0.0077] { lookahead.update(decay: decay) }
        #expect(network.parameters[0].value.values == kernel)
    }

    @Test func aRestoredSlowCopyContinuesExactly() throws {
        let architecture = Architecture(name: "t", inputShape: [3], layers: [.dense(units: 2)])
        let a = try Sequential<Float>(architecture, seed: 2)
        let b = try Sequential<Float>(architecture, seed: 3)
        let (slowA, slowB) = (Lookahead(a), Lookahead(b))
        a.parameters[0].value.assign([1, 2, 3, 4, 5, 6])
        slowA.update(decay: 0.5)
        try slowB.restore(slowA.state)
        for (x, y) in zip(a.parameters, b.parameters) { y.value.assign(x.value.values) }
        for network in [a, b] { network.parameters[0].value.assign([6, 5, 4, 3, 2, 1]) }
        slowA.update(decay: 0.25)
        slowB.update(decay: 0.25)
        #expect(a.parameters.map(\.value.values) == b.parameters.map(\.value.values))
        #expect(throws: ArchitectureError.self) { try slowB.restore([[1]]) }
    }
}
