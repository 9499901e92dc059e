import NeuralNet
import Testing

@Suite struct ParallelLoopTests {
    /// Every index exactly once, whatever the count, grain and thread count.
    @Test(arguments: [0, 1, 7, 1_000, 65_537, 200_003])
    func rangesCoverEveryIndexOnce(_ count: Int) {
        for grain in [1, 1_000, 1 << 15] {
            let visits = UnsafeMutablePointer<Int32>.allocate(capacity: max(count, 1))
            defer { visits.deallocate() }
            visits.initialize(repeating: 0, count: max(count, 1))
            ParallelLoop.forEachRange(count, grain: grain) { range in
                for i in range { visits[i] += 1 }
            }
            #expect((0..<count).allSatisfy { visits[$0] == 1 }, "count \(count), grain \(grain)")
        }
    }

    /// Workers compute with the caller's flush-to-zero setting: a subnormal input reads as zero
    /// in every part of the loop when the caller flushes, and as itself when it does not, also
    /// right after a flushing loop (OpenMP's workers keep the mode of the thread that made them).
    @Test func workersInheritFlushToZero() {
        let count = 1 << 17
        let tiny = Float.leastNormalMagnitude / 4
        let input = [Float](repeating: tiny, count: count)
        func doubled() -> [Float] {
            var out = [Float](repeating: -1, count: count)
            input.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { y in
                    let (x, y) = (x.baseAddress!, y.baseAddress!)
                    ParallelLoop.forEachRange(count, grain: 1_000) { r in for i in r { y[i] = x[i] * 2 } }
                }
            }
            return out
        }
        #expect(Denormals.with(flushingToZero: false) { doubled() }.allSatisfy { $0 == tiny * 2 })
        let flushed = Denormals.flushingToZero { doubled() }
        #if arch(x86_64)
        #expect(flushed.allSatisfy { $0 == 0 })
        #endif
        #expect(Denormals.with(flushingToZero: false) { doubled() }.allSatisfy { $0 == tiny * 2 })
    }
}
