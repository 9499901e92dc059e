import CCairo

/// Lines over a shared x axis, e.g. loss or accuracy per epoch for several runs.
package struct LineChart: Sendable {
    package struct Series: Sendable {
        package var name: String
        package var points: [Point]
        package var color: Color?
        package var dashed: Bool
        package var markers: Bool
        /// Optional band (low, high) per point, e.g. mean ± std over seeds.
        package var band: [(low: Double, high: Double)]?

        package init(
            name: String, points: [Point], color: Color? = nil, dashed: Bool = false, markers: Bool = true,
            band: [(low: Double, high: Double)]? = nil
        ) {
            self.name = name
            self.points = points
            self.color = color
            self.dashed = dashed
            self.markers = markers
            self.band = band
        }
    }

    package var title: String?
    package var xLabel: String?
    package var yLabel: String?
    package var series: [Series]
    /// Fixed y range; otherwise the data's range.
    package var yRange: (Double, Double)?
    /// Integer x ticks (epochs) instead of nice ticks.
    package var integerX = false

    package init(
        title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, series: [Series],
        yRange: (Double, Double)? = nil, integerX: Bool = false
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.yRange = yRange
        self.integerX = integerX
    }

    package func draw(on canvas: Canvas, in frame: Rect) {
        var rect = drawTitle(title, on: canvas, in: frame)
        let colors = series.enumerated().map { $1.color ?? canvas.theme.color($0) }
        let legend = Legend(entries: series.enumerated().map { ($1.name, colors[$0], $1.dashed) })
        let legendHeight = series.count > 1 ? legend.height(on: canvas, width: rect.width) : 0
        if legendHeight > 0 {
            legend.draw(on: canvas, in: rect)
            rect = rect.inset(top: legendHeight + 4)
        }

        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { s in s.points.map(\.y) + (s.band ?? []).flatMap { [$0.low, $0.high] } }
        let xRange = (xs.min() ?? 0, xs.max() ?? 1)
        let yr = yRange ?? (ys.min() ?? 0, ys.max() ?? 1)
        var xTicks: [Double]?
        if integerX {
            let lo = Int(xRange.0.rounded())
            let hi = Int(xRange.1.rounded())
            let step = max(1, Int(Ticks.step(for: Double(max(hi - lo, 1)), target: 8)))
            xTicks = Array(stride(from: lo, through: hi, by: step)).map(Double.init)
        }
        let axes = Axes(
            frame: rect, canvas: canvas, xRange: xRange, yRange: yr, xLabel: xLabel, yLabel: yLabel, xTicks: xTicks)
        axes.drawGrid(on: canvas)
        canvas.clip(axes.plot.inset(top: -3, left: -3, bottom: -3, right: -3)) {
            for (i, s) in series.enumerated() {
                if let band = s.band, band.count == s.points.count {
                    let upper = zip(s.points, band).map { axes.point($0.x, $1.high) }
                    let lower = zip(s.points, band).map { axes.point($0.x, $1.low) }.reversed()
                    canvas.polygon(upper + lower, colors[i].withAlpha(0.18))
                }
                canvas.line(
                    s.points.map { axes.point($0.x, $0.y) }, colors[i], width: canvas.theme.lineWidth,
                    dash: s.dashed ? [6, 4] : [])
                if s.markers {
                    for p in s.points {
                        canvas.circle(axes.point(p.x, p.y), radius: 2.6, fill: colors[i], stroke: .white)
                    }
                }
            }
        }
        axes.drawFrame(on: canvas, xLabel: xLabel, yLabel: yLabel)
    }
}

extension Canvas {
    package func polygon(_ points: [Point], _ color: Color) {
        guard let first = points.first else { return }
        setColor(color)
        cairo_move_to(context, first.x, first.y)
        for p in points.dropFirst() { cairo_line_to(context, p.x, p.y) }
        cairo_close_path(context)
        cairo_fill(context)
    }
}
