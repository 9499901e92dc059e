/// Overlaid histograms over shared bins, e.g. the R, G and B pixel intensities.
package struct Histogram: Sendable {
    package struct Series: Sendable {
        package var name: String
        package var counts: [Double]
        package var color: Color?
        package init(name: String, counts: [Double], color: Color? = nil) {
            self.name = name
            self.counts = counts
            self.color = color
        }
    }

    package var title: String?
    package var low: Double
    package var high: Double
    package var series: [Series]
    package var xLabel: String?
    package var yLabel: String?

    package init(
        title: String? = nil, low: Double, high: Double, series: [Series], xLabel: String? = nil, yLabel: String? = nil
    ) {
        self.title = title
        self.low = low
        self.high = high
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    package func draw(on canvas: Canvas, in frame: Rect) {
        var rect = drawTitle(title, on: canvas, in: frame)
        let colors = series.enumerated().map { $1.color ?? canvas.theme.color($0) }
        let legend = Legend(entries: series.enumerated().map { ($1.name, colors[$0], false) })
        legend.draw(on: canvas, in: rect)
        rect = rect.inset(top: legend.height(on: canvas, width: rect.width) + 4)
        let top = series.flatMap(\.counts).max() ?? 1
        let axes = Axes(
            frame: rect, canvas: canvas, xRange: (low, high), yRange: (0, top * 1.05), xLabel: xLabel, yLabel: yLabel)
        axes.drawGrid(on: canvas)
        for (i, s) in series.enumerated() {
            let width = (high - low) / Double(max(s.counts.count, 1))
            var outline: [Point] = [axes.point(low, 0)]
            for (b, c) in s.counts.enumerated() {
                outline.append(axes.point(low + Double(b) * width, c))
                outline.append(axes.point(low + Double(b + 1) * width, c))
            }
            outline.append(axes.point(high, 0))
            canvas.polygon(outline, colors[i].withAlpha(0.22))
            canvas.line(Array(outline.dropFirst().dropLast()), colors[i], width: 1.4)
        }
        axes.drawFrame(on: canvas, xLabel: xLabel, yLabel: yLabel)
    }
}
