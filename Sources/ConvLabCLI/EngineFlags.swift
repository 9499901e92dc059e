import ArgumentParser
import NeuralNet

/// How the networks compute: to compare the engines, which agree to rounding.
struct EngineFlags: ParsableArguments {
    @Option(help: "Convolutions and batch norm: oneDNN (Winograd where it pays), oneDNN-direct, or im2col (own loops).")
    var convolution = ConvolutionEngine.preferred
    @Option(
        help: ArgumentHelp(
            "Activations between oneDNN convolutions: blocked (channel blocks of 16) or nhwc "
                + "(default: blocked where the processor has AVX-512, else nhwc)."))
    var layout: ActivationLayoutFlag?
    @Flag(
        inversion: .prefixedNo,
        help: "Fold ReLUs into the layer before them (conv, dense, batch norm) and the pooling after.")
    var fuse = true
    @Option(help: "Threads for oneDNN and the engine's loops (OpenMP); the default is one per core.")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if layout == .blocked && !ActivationLayout.channelBlocksRunFast { throw ValidationError(Self.noBlocks) }
    }

    static let noBlocks =
        "--layout blocked needs a processor with AVX-512, whose oneDNN kernels take channel blocks of 16; "
        + "this one runs NHWC: leave --layout out or use --layout nhwc"

    var options: EngineOptions {
        EngineOptions(
            convolution: convolution,
            blocksChannels: layout.map { $0 == .blocked } ?? EngineOptions.fastest.blocksChannels,
            fusesActivations: fuse)
    }

    /// Sets the thread count for this process, when --threads was given.
    func applyThreads() {
        if let threads { ComputeThreads.set(threads) }
    }

    /// The flags as arguments again, for a `report run` in another process (without --threads).
    var arguments: [String] {
        ["--convolution", convolution.rawValue] + (layout.map { ["--layout", $0.rawValue] } ?? [])
            + (fuse ? [] : ["--no-fuse"])
    }
}

enum ActivationLayoutFlag: String, ExpressibleByArgument, CaseIterable {
    case blocked, nhwc
}

extension ConvolutionEngine: ExpressibleByArgument {}
