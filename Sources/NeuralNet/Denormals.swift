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
        var saved = fenv_t()
        fegetenv(&saved)
        defer { fesetenv(&saved) }
        flushToZeroOnCurrentThread()
        return try body()
    }

    /// Sets flush-to-zero and denormals-are-zero for the calling thread, for threads that only
    /// ever run training work (prefer `flushingToZero`).
    public static func flushToZeroOnCurrentThread() {
        #if arch(x86_64) && os(Linux)
        var env = fenv_t()
        fegetenv(&env)
        env.__mxcsr |= 0x8040   // FTZ (bit 15) | DAZ (bit 6)
        fesetenv(&env)
        #elseif arch(arm64) && canImport(Darwin)
        var env = fenv_t()
        fegetenv(&env)
        env.__fpcr |= 1 << 24   // FZ
        fesetenv(&env)
        #endif
    }
}
