import ArgumentParser
import NeuralNet

/// How the networks compute: to compare the engines, which agree to rounding.
struct EngineFlags: ParsableArguments {
    @Option(help: "Convolutions and batch norm: oneDNN (Winograd where it pays), oneDNN-direct, or im2col (own loops).")
    var convolution = ConvolutionEngine.preferred
    @Option(help: "Activations between oneDNN convolutions: blocked (channel blocks of 16) or nhwc.")
    var layout = ActivationLayoutFlag.blocked
    @Flag(
        inversion: .prefixedNo,
        help: "Fold ReLUs into the layer before them (conv, dense, batch norm) and the pooling after.")
    var fuse = true

    var options: EngineOptions {
        EngineOptions(convolution: convolution, blocksChannels: layout == .blocked, fusesActivations: fuse)
    }
}

enum ActivationLayoutFlag: String, ExpressibleByArgument, CaseIterable {
    case blocked, nhwc
}

extension ConvolutionEngine: ExpressibleByArgument {}
