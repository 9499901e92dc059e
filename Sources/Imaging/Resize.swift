extension RGBImage {
    /// Area-averaging resize: each output pixel is the mean of the source area it covers
    /// (fractional overlaps weighted), the right filter for shrinking photos to 32×32.
    package func resized(width newWidth: Int, height newHeight: Int) -> RGBImage {
        let sx = Double(width) / Double(newWidth)
        let sy = Double(height) / Double(newHeight)
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * 3)
        func spans(_ i: Int, _ scale: Double, _ limit: Int) -> [(Int, Double)] {
            let start = Double(i) * scale
            let end = Double(i + 1) * scale
            return (Int(start.rounded(.down))..<min(limit, Int(end.rounded(.up)))).map { j in
                (j, min(end, Double(j + 1)) - max(start, Double(j)))
            }
        }
        for y in 0..<newHeight {
            let rows = spans(y, sy, height)
            for x in 0..<newWidth {
                let columns = spans(x, sx, width)
                var sum = [0.0, 0.0, 0.0]
                var total = 0.0
                for (r, wy) in rows {
                    for (c, wx) in columns {
                        let w = wy * wx
                        let p = (r * width + c) * 3
                        for ch in 0..<3 { sum[ch] += w * Double(pixels[p + ch]) }
                        total += w
                    }
                }
                for ch in 0..<3 {
                    out[(y * newWidth + x) * 3 + ch] = UInt8((sum[ch] / total).rounded().clamped(0, 255))
                }
            }
        }
        return RGBImage(width: newWidth, height: newHeight, pixels: out)
    }
}

extension Double {
    func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}
