import Foundation

/// Time and floating-point operations spent in the math library (Float GEMMs and oneDNN's
/// convolution primitives) while profiling is on, so that a benchmark can say what share of a
/// step is the library's and what share is the engine's own loops. Off by default: then each
/// call pays one uncontended lock.
public final class LibraryProfile: @unchecked Sendable {
    public static let shared = LibraryProfile()
    private let lock = NSLock()
    private var enabled = false
    private var seconds = 0.0
    private var flops = 0.0

    public func start() {
        lock.withLock {
            enabled = true
            seconds = 0
            flops = 0
        }
    }

    /// Stops and returns what was counted since `start`.
    public func stop() -> (seconds: Double, flops: Double) {
        lock.withLock {
            enabled = false
            return (seconds, flops)
        }
    }

    /// Times `body`, which does `flops` floating-point operations (a Winograd convolution counts
    /// those of the direct one it replaces).
    func measure(flops count: Double, _ body: () -> Void) {
        guard lock.withLock({ enabled }) else { return body() }
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        lock.withLock {
            seconds += elapsed
            flops += count
        }
    }
}
