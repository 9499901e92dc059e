/// MaxPool2D's 2×2 passes over 16-channel blocks (see `ActivationLayout`) with each window's
/// inputs as SIMD16<Float> values: the reference loops (`maxPool2x2Forward`), given 16 channels,
/// left LLVM a loop too short to vectorise profitably, and ran 2.6× slower than on 32 NHWC
/// channels. The same arithmetic, so the same bits.
enum BlockedMaxPool {
    private typealias Block = SIMD16<Float>

    /// `planes` (height, width, 16) images → (height/2, width/2, 16), and each maximum's winner.
    static func forward(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Float>,
        floor: Float, planes: Int, height: Int, width: Int
    ) {
        let one = Block(repeating: 1)
        forEachWindow(planes: planes, height: height, width: width) { out, topLeft, nextRow in
            let a = x + topLeft
            let (va, vb, vd, ve) = (load(a), load(a + 16), load(a + nextRow), load(a + nextRow + 16))
            let m = va.replacing(with: vb, where: vb .> va)
            let m2 = vd.replacing(with: ve, where: ve .> vd)
            let best = m.replacing(with: m2, where: m2 .> m)
            let missA = one.replacing(with: 0, where: va .== best)
            let missB = missA.replacing(with: 0, where: vb .== best)
            let missD = missB.replacing(with: 0, where: vd .== best)
            store((missA + missB + missD).replacing(with: -1, where: best .<= floor), winners + out)
            store(best, y + out)
        }
    }

    /// dx = dy at each window's winner, 0 elsewhere.
    static func backward(
        _ dy: UnsafePointer<Float>, winners: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
        planes: Int, height: Int, width: Int
    ) {
        let zero = Block(repeating: 0)
        forEachWindow(planes: planes, height: height, width: width) { out, topLeft, nextRow in
            let a = dx + topLeft
            let (w, g) = (load(winners + out), load(dy + out))
            store(zero.replacing(with: g, where: w .== 0), a)
            store(zero.replacing(with: g, where: w .== 1), a + 16)
            store(zero.replacing(with: g, where: w .== 2), a + nextRow)
            store(zero.replacing(with: g, where: w .== 3), a + nextRow + 16)
        }
    }

    /// Calls `body` for each 2×2 window of `planes` (height, width, 16) images with the offsets of
    /// its output and of its top-left input, and the distance to the row below. In this file, so
    /// that it inlines into the kernels above.
    @inline(__always) private static func forEachWindow(
        planes: Int, height: Int, width: Int, _ body: (_ out: Int, _ topLeft: Int, _ nextRow: Int) -> Void
    ) {
        let (oh, ow) = (height / 2, width / 2)
        for plane in 0..<planes {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    body(
                        ((plane * oh + oy) * ow + ox) * 16, ((plane * height + oy * 2) * width + ox * 2) * 16,
                        width * 16)
                }
            }
        }
    }

    @inline(__always) private static func load(_ p: UnsafePointer<Float>) -> Block {
        UnsafeRawPointer(p).loadUnaligned(as: Block.self)
    }
    @inline(__always) private static func load(_ p: UnsafeMutablePointer<Float>) -> Block { load(UnsafePointer(p)) }
    @inline(__always) private static func store(_ v: Block, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Block.self)
    }
}
