/// How a network computes: which implementation its convolutions use, how activations lie in
/// memory between them, and whether ReLUs fold into their neighbours. None of these changes what
/// a network computes beyond rounding (the tests hold them to each other), only how fast; they
/// are values, chosen by the caller and recorded with each run.
public struct EngineOptions: Codable, Sendable, Hashable {
    public var convolution: ConvolutionEngine
    /// Keep activations between oneDNN convolutions in channel blocks (see `ActivationLayout`).
    public var blocksChannels: Bool
    /// Fold each ReLU between a conv or dense layer and a max pooling into those two layers.
    public var fusesActivations: Bool

    public init(convolution: ConvolutionEngine = .preferred, blocksChannels: Bool = true, fusesActivations: Bool = true)
    {
        self.convolution = convolution
        self.blocksChannels = blocksChannels
        self.fusesActivations = fusesActivations
    }

    /// The fastest this build can do on this processor: channel blocks where oneDNN's fast
    /// kernels take them (`ActivationLayout.channelBlocksRunFast`), NHWC elsewhere.
    public static let fastest = EngineOptions(blocksChannels: ActivationLayout.channelBlocksRunFast)
}

/// Which implementation `Conv2D<Float>` (and `BatchNormalization<Float>`) uses. Double always
/// uses im2col + GEMM and the layers' own loops (the gradient checks).
public enum ConvolutionEngine: String, Codable, Sendable, CaseIterable {
    /// oneDNN's primitives, Winograd where it pays (see `OneDNNConvolution`).
    case oneDNN
    /// oneDNN's primitives, direct convolution only: to compare with Winograd.
    case oneDNNDirect = "oneDNN-direct"
    /// im2col + GEMM, the portable path; batch normalisation then runs its own loops too.
    case im2col

    /// oneDNN where it is linked, else im2col.
    public static var preferred: ConvolutionEngine {
        #if canImport(CDNNL)
        .oneDNN
        #else
        .im2col
        #endif
    }
}
