import Imaging

/// A convolution layer's kernels as tiles. Kernels with three input channels are shown in colour
/// (the first layer, which looks at RGB); deeper ones show each input channel in grey.
package struct FilterGrid: Sendable {
    package enum Normalization: Sendable {
        /// Each filter stretched to [0, 1] on its own: shows every filter's pattern.
        case perFilter
        /// One scale for all: shows which filters are strong.
        case shared
    }

    package var title: String?
    /// (F, k, k, C) weights, row-major.
    package var weights: [Float]
    package var filters: Int
    package var kernelSize: Int
    package var channels: Int
    package var normalization: Normalization
    package var columns: Int
    package var tile: Double
    /// For grey mode: how many input channels per filter to show.
    package var maxChannels: Int

    package init(
        title: String? = nil, weights: [Float], filters: Int, kernelSize: Int, channels: Int,
        normalization: Normalization = .perFilter, columns: Int = 8, tile: Double = 40, maxChannels: Int = 8
    ) {
        precondition(weights.count == filters * kernelSize * kernelSize * channels, "weights do not match (F, k, k, C)")
        self.title = title
        self.weights = weights
        self.filters = filters
        self.kernelSize = kernelSize
        self.channels = channels
        self.normalization = normalization
        self.columns = columns
        self.tile = tile
        self.maxChannels = maxChannels
    }

    var isColour: Bool { channels == 3 }

    /// The tiles as images, in drawing order: one per filter (colour) or per (filter, channel) (grey).
    package func tiles() -> [RGBImage] {
        let k = kernelSize
        let per = k * k * channels
        let shared = (weights.min() ?? 0, weights.max() ?? 1)
        return (0..<filters).flatMap { f -> [RGBImage] in
            let w = Array(weights[(f * per)..<((f + 1) * per)])
            let (lo, hi) = normalization == .shared ? shared : (w.min() ?? 0, w.max() ?? 1)
            func byte(_ v: Float) -> UInt8 { UInt8(((v - lo) / max(hi - lo, 1e-12) * 255).rounded().clamped(0, 255)) }
            if isColour { return [RGBImage(width: k, height: k, pixels: w.map(byte))] }
            return (0..<min(channels, maxChannels)).map { c in
                let grey = (0..<(k * k)).map { byte(w[$0 * channels + c]) }
                return RGBImage(width: k, height: k, pixels: grey.flatMap { [$0, $0, $0] })
            }
        }
    }

    var perFilter: Int { isColour ? 1 : min(channels, maxChannels) }
    var groupsPerRow: Int { isColour ? columns : max(1, columns / perFilter) }
    let gap = 4.0
    var groupGap: Double { isColour ? 0 : 10 }

    /// The size this grid needs, in points, with the canvas theme's margins; the title is measured on `canvas`.
    package func size(on canvas: Canvas) -> (width: Double, height: Double) {
        let theme = canvas.theme
        let groups = min(filters, groupsPerRow)
        let rows = (filters + groupsPerRow - 1) / groupsPerRow
        let tilesWidth = Double(groups) * (Double(perFilter) * (tile + gap) + groupGap) - gap - groupGap
        let titleWidth = title.map { canvas.textSize($0, size: theme.titleSize, bold: true).width } ?? 0
        let height = Double(rows) * (tile + gap) - gap + (title == nil ? 0 : theme.titleSize + 8)
        return (max(tilesWidth, titleWidth) + 2 * theme.margin, height + 2 * theme.margin)
    }

    package func draw(on canvas: Canvas, in frame: Rect) {
        let rect = drawTitle(title, on: canvas, in: frame)
        let images = tiles()
        for (i, image) in images.enumerated() {
            let group = i / perFilter
            let within = i % perFilter
            let row = group / groupsPerRow
            let column = group % groupsPerRow
            let x =
                rect.x + Double(column) * (Double(perFilter) * (tile + gap) + groupGap) + Double(within) * (tile + gap)
            let y = rect.y + Double(row) * (tile + gap)
            canvas.image(image, in: Rect(x: x, y: y, width: tile, height: tile))
        }
    }
}

extension Float {
    func clamped(_ low: Float, _ high: Float) -> Float { Swift.min(Swift.max(self, low), high) }
}
