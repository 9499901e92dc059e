import Foundation

/// Runs the engine's element-wise loops (ReLU, pooling, Adam) on all cores, on the same threads
/// as oneDNN's GEMMs and convolutions.
///
/// On Linux, oneDNN runs on OpenMP (libgomp), whose worker threads keep spinning for a while
/// after each primitive. A second thread pool (Dispatch) would fight them for the two cores, so
/// the loops run as OpenMP parallel regions instead, through libgomp's C entry point
/// `GOMP_parallel` (what `#pragma omp parallel` compiles to). Elsewhere, Dispatch.
///
/// Work is split into contiguous index ranges, each computed exactly as the serial loop would,
/// so results do not depend on the thread count. The caller's flush-to-zero setting is carried
/// into the workers, on or off: OpenMP's workers keep the mode of whichever thread created
/// them, and a part computed in the other mode would give other bits (or run ~100× slower).
public enum ParallelLoop {
    /// Elements of a memory-bound loop per thread below which splitting it costs more than it
    /// saves (an OpenMP region costs a few microseconds).
    public static let grain = 1 << 15

    /// Calls `body` on disjoint ranges covering 0..<count, concurrently when each thread gets at
    /// least `grain` indices.
    public static func forEachRange(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
        let threads = min(Runtime.shared.threadCount, count / Swift.max(grain, 1))
        guard threads > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        let flushes = Denormals.isFlushingToZero
        withoutActuallyEscaping(body) { body in
            var job = Job(count: count, parts: threads, flushes: flushes, body: body)
            withUnsafeMutablePointer(to: &job) { Runtime.shared.run($0, threads: threads) }
        }
    }

    fileprivate struct Job {
        let count: Int, parts: Int, flushes: Bool
        let body: (Range<Int>) -> Void

        func run(part: Int) {
            let range = (count * part / parts)..<(count * (part + 1) / parts)
            guard !range.isEmpty else { return }
            Denormals.with(flushingToZero: flushes) { body(range) }
        }
    }
}

/// The thread team: OpenMP's where oneDNN loaded it, else Dispatch's.
private struct Runtime: @unchecked Sendable {  // C function pointers, resolved once, immutable
    typealias Region = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias Parallel = @convention(c) (Region, UnsafeMutableRawPointer?, UInt32, UInt32) -> Void
    typealias Query = @convention(c) () -> Int32

    let parallel: Parallel?
    let threadNumber: Query?
    let teamSize: Query?
    let maxThreads: Query?

    static let shared = Runtime()

    private init() {
        #if canImport(Glibc)
        let process = dlopen(nil, RTLD_NOW)
        func symbol<F>(_ name: String, as: F.Type) -> F? { dlsym(process, name).map { unsafeBitCast($0, to: F.self) } }
        parallel = symbol("GOMP_parallel", as: Parallel.self)
        threadNumber = symbol("omp_get_thread_num", as: Query.self)
        teamSize = symbol("omp_get_num_threads", as: Query.self)
        maxThreads = symbol("omp_get_max_threads", as: Query.self)
        #else
        (parallel, threadNumber, teamSize, maxThreads) = (nil, nil, nil, nil)
        #endif
    }

    /// The team size for the next region: follows `ComputeThreads.set`.
    var threadCount: Int {
        if parallel != nil, threadNumber != nil, teamSize != nil, let maxThreads { return Int(maxThreads()) }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    func run(_ job: UnsafeMutablePointer<ParallelLoop.Job>, threads: Int) {
        if let parallel {
            // Each thread of the team runs the region once. OpenMP may grant fewer threads than
            // asked, so each takes every team-size-th part.
            parallel(
                { raw in
                    let job = raw!.assumingMemoryBound(to: ParallelLoop.Job.self)
                    let runtime = Runtime.shared
                    for part in stride(
                        from: Int(runtime.threadNumber!()), to: job.pointee.parts, by: Int(runtime.teamSize!()))
                    {
                        job.pointee.run(part: part)
                    }
                }, job, UInt32(threads), 0)
        } else {
            // The job outlives the call: concurrentPerform returns when every part has run.
            struct Shared: @unchecked Sendable { let job: UnsafeMutablePointer<ParallelLoop.Job> }
            let shared = Shared(job: job)
            DispatchQueue.concurrentPerform(iterations: threads) { shared.job.pointee.run(part: $0) }
        }
    }
}
