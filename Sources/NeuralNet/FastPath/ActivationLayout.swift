/// How a batch of (H, W, C) activations lies in memory between two layers.
///
/// The engine's own view is channels-last, NHWC: what its loops, the dense layers and every API
/// outside the network read. oneDNN's convolutions run faster on channel blocks of 16,
/// (N, C/16, H, W, 16) ("nChw16c"): measured per batch of 64, cnn3's first layer takes 0.6 ms
/// forward and 0.7 ms for its weight gradient that way against 0.8–1.3 and 1.1–1.7 on NHWC, and
/// Winograd only runs blocked. So where a conv runs on oneDNN and has a multiple of 16 filters,
/// its output stays blocked through the ReLU and the pooling after it (pooling a blocked tensor
/// is pooling NHWC images of 16 channels) into the next conv, with no conversion in between;
/// `Sequential` plans this and converts back where the engine or a caller needs NHWC (at
/// Flatten, and in `activations` / `inputGradient`).
public enum ActivationLayout: Sendable, Equatable {
    case nhwc
    /// (N, C/16, H, W, 16).
    case channelBlocks16

    public static let blockSize = 16

    /// Copies a batch of (height, width, channels) activations from one layout to another.
    public static func convert<T>(
        _ source: UnsafePointer<T>, from: ActivationLayout, to destination: UnsafeMutablePointer<T>,
        _ to: ActivationLayout, batch: Int, height: Int, width: Int, channels: Int
    ) {
        let count = batch * height * width * channels
        guard from != to else { return destination.update(from: source, count: count) }
        precondition(
            channels % blockSize == 0, "a blocked layout needs a multiple of \(blockSize) channels, got \(channels)")
        let blocks = channels / blockSize
        let pixels = height * width
        let run = blockSize * MemoryLayout<T>.stride  // bytes of one pixel's block of channels
        let (src, dst) = (UnsafeRawPointer(source), UnsafeMutableRawPointer(destination))
        ParallelLoop.forEachRange(batch, grain: ParallelLoop.grain / (pixels * channels) + 1) { images in
            for n in images {
                for b in 0..<blocks {
                    for p in 0..<pixels {
                        let nhwc = ((n * pixels + p) * channels + b * blockSize) * MemoryLayout<T>.stride
                        let blocked = (((n * blocks + b) * pixels + p) * blockSize) * MemoryLayout<T>.stride
                        if to == .nhwc {
                            (dst + nhwc).copyMemory(from: src + blocked, byteCount: run)
                        } else {
                            (dst + blocked).copyMemory(from: src + nhwc, byteCount: run)
                        }
                    }
                }
            }
        }
    }
}
