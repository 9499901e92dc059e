import ArgumentParser
import Foundation
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
    @OptionGroup var computeThreads: ThreadFlags

    func validate() throws {
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

    /// The threads each run computes with when `jobs` train at once.
    func threadCount(jobs: Int = 1) -> Int { computeThreads.count(jobs: jobs) }

    /// Sets the thread count for this process, when --threads was given.
    func applyThreads() {
        if let threads = computeThreads.threads { ComputeThreads.set(threads) }
    }

    /// The flags as arguments again, for a `report run` in another process (without --threads).
    var arguments: [String] {
        ["--convolution", convolution.rawValue] + (layout.map { ["--layout", $0.rawValue] } ?? [])
            + (fuse ? [] : ["--no-fuse"])
    }
}

/// `--threads`: the OpenMP threads a run computes with, part of its cache key.
struct ThreadFlags: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Threads for oneDNN and the engine's loops (OpenMP); the default is one per core (with --jobs N, "
                + "a worker's share). A CNN's numbers depend on it, so it is part of each run's cache key."))
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    /// The threads each run computes with when `jobs` train at once: --threads, else the cores shared.
    func count(jobs: Int = 1) -> Int {
        threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount / max(jobs, 1))
    }
}

enum ActivationLayoutFlag: String, ExpressibleByArgument, CaseIterable {
    case blocked, nhwc
}

extension ConvolutionEngine: ExpressibleByArgument {}
