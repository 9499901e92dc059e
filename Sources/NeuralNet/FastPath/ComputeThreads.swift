#if canImport(Glibc)
import Glibc
#endif

/// How many threads oneDNN's OpenMP runtime uses for GEMMs and convolutions.
public enum ComputeThreads {
    /// Sets the OpenMP thread count for what runs next. OpenMP reads OMP_NUM_THREADS when it is
    /// loaded, before any Swift code runs, so setting the variable from inside is too late; this
    /// calls `omp_set_num_threads` of the runtime oneDNN brought in. Returns false where there is
    /// none (macOS: Accelerate schedules its own threads).
    @discardableResult
    public static func set(_ count: Int) -> Bool {
        #if canImport(Glibc)
        typealias SetNumThreads = @convention(c) (Int32) -> Void
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "omp_set_num_threads") else {
            return false
        }
        unsafeBitCast(symbol, to: SetNumThreads.self)(Int32(count))
        return true
        #else
        return false
        #endif
    }
}
