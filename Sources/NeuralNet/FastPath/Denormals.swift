#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Subnormal Float32 values make x86 arithmetic up to ~100× slower. With ReLU, many gradients
/// are exactly zero on a batch, so Adam's moments for those weights decay by β₁ per step into
/// the subnormal range within an epoch. Training threads therefore flush subnormals to zero
/// (results change only below 1.2e-38, far beneath anything that moves a weight).
public enum Denormals {
    /// Runs `body` with flush-to-zero and denormals-are-zero set on the calling thread, then
    /// restores the thread's previous floating-point environment.
    public static func flushingToZero<R>(_ body: () throws -> R) rethrows -> R {
        try with(flushingToZero: true, body)
    }

    /// Runs `body` with flushing set as asked (on or off), then restores the thread's previous
    /// floating-point environment. A thread inherits the mode of the thread that created it, so
    /// a worker must be told both ways.
    public static func with<R>(flushingToZero flushes: Bool, _ body: () throws -> R) rethrows -> R {
        var saved = fenv_t()
        fegetenv(&saved)
        defer { fesetenv(&saved) }
        var env = saved
        #if arch(x86_64) && os(Linux)
        env.__mxcsr = flushes ? env.__mxcsr | 0x8040 : env.__mxcsr & ~0x8040  // FTZ (bit 15) | DAZ (bit 6)
        #elseif arch(arm64) && canImport(Darwin)
        env.__fpcr = flushes ? env.__fpcr | 1 << 24 : env.__fpcr & ~(1 << 24)  // FZ
        #endif
        fesetenv(&env)
        return try body()
    }

    /// Whether the calling thread flushes subnormals to zero.
    public static var isFlushingToZero: Bool {
        var env = fenv_t()
        fegetenv(&env)
        #if arch(x86_64) && os(Linux)
        return env.__mxcsr & 0x8040 == 0x8040
        #elseif arch(arm64) && canImport(Darwin)
        return env.__fpcr & (1 << 24) != 0
        #else
        return false
        #endif
    }
}
