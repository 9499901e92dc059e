#if canImport(Glibc)
import Glibc
#endif

/// How many threads oneDNN's OpenMP runtime uses for GEMMs and convolutions.
///
/// A CNN's numbers depend on it: oneDNN splits a convolution's weight gradient over the threads
/// and sums their parts, so another count sums in another order and rounds differently. A run
/// therefore records the count it trained with (`TrainingConfiguration.computeThreads`).
public enum ComputeThreads {
    /// Sets the OpenMP thread count for what this thread runs next. OpenMP reads OMP_NUM_THREADS
    /// when it is loaded, before any Swift code runs, so setting the variable from inside is too
    /// late; this calls `omp_set_num_threads` of the runtime oneDNN brought in. Returns false
    /// where there is none (macOS: Accelerate schedules its own threads).
    @discardableResult
    public static func set(_ count: Int) -> Bool {
        guard let setNumThreads = runtime.setNumThreads else { return false }
        setNumThreads(Int32(clamping: count))
        return true
    }

    /// The count the next parallel region of this thread gets; nil without OpenMP.
    public static var current: Int? { runtime.maxThreads.map { Int($0()) } }

    /// `body` run with `count` threads (when given), the calling thread's count restored after.
    /// OpenMP keeps the count per thread, so runs on other threads are not affected.
    public static func with<Result>(_ count: Int?, _ body: () throws -> Result) rethrows -> Result {
        guard let count, let previous = current else { return try body() }
        set(count)
        defer { set(previous) }
        return try body()
    }

    private static let runtime = Runtime()

    private struct Runtime: @unchecked Sendable {  // C function pointers, resolved once, immutable
        typealias SetNumThreads = @convention(c) (Int32) -> Void
        typealias MaxThreads = @convention(c) () -> Int32
        let setNumThreads: SetNumThreads?
        let maxThreads: MaxThreads?

        init() {
            #if canImport(Glibc)
            let process = dlopen(nil, RTLD_NOW)
            setNumThreads = dlsym(process, "omp_set_num_threads").map { unsafeBitCast($0, to: SetNumThreads.self) }
            maxThreads = dlsym(process, "omp_get_max_threads").map { unsafeBitCast($0, to: MaxThreads.self) }
            #else
            (setNumThreads, maxThreads) = (nil, nil)
            #endif
        }
    }
}
