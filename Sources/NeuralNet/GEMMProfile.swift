import Foundation

/// Time and floating-point operations spent in Float GEMM while profiling is on, so that a
/// benchmark can say what share of a step is matrix products. Off by default: then each GEMM
/// pays one relaxed check.
public final class GEMMProfile: @unchecked Sendable {
    public static let shared = GEMMProfile()
    private let lock = NSLock()
    private var enabled = false
    private var seconds = 0.0
    private var flops = 0.0

    public func start() { lock.withLock { enabled = true; seconds = 0; flops = 0 } }

    /// Stops and returns what was counted since `start`.
    public func stop() -> (seconds: Double, flops: Double) {
        lock.withLock { enabled = false; return (seconds, flops) }
    }

    func measure(m: Int, n: Int, k: Int, _ body: () -> Void) {
        guard lock.withLock({ enabled }) else { return body() }
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        lock.withLock { seconds += elapsed; flops += 2 * Double(m) * Double(n) * Double(k) }
    }
}
