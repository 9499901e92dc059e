/// Labelled points with optional vertical error bars, e.g. test accuracy (mean ± std over seeds)
/// against parameter count, one point per model.
package struct ScatterChart: Sendable {
    package struct Mark: Sendable {
        package var x: Double
        package var y: Double
        package var error: Double?
        package var label: String
        package var color: Color?
        package init(x: Double, y: Double, error: Double? = nil, label: String, color: Color? = nil) {
            self.x = x
            self.y = y
            self.error = error
            self.label = label
            self.color = color
        }
    }

    package var title: String?
    package var xLabel: String?
    package var yLabel: String?
    package var points: [Mark]
    /// printf-free formatter for x tick labels (e.g. thousands); the default prints the tick.
    package var xTickLabel: (@Sendable (Double) -> String)?

    package init(
        title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, points: [Mark],
        xTickLabel: (@Sendable (Double) -> String)? = nil
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.points = points
        self.xTickLabel = xTickLabel
    }

    /// Where each point is drawn in `frame`: for labels and for tests.
    package func positions(on canvas: Canvas, in frame: Rect) -> [Point] {
        let axes = self.axes(on: canvas, in: frame)
        return points.map { axes.point($0.x, $0.y) }
    }

    func axes(on canvas: Canvas, in frame: Rect) -> Axes {
        let rect = title == nil ? frame : frame.inset(top: canvas.theme.titleSize + 8)
        let xs = points.map(\.x)
        let ys = points.flatMap { [$0.y - ($0.error ?? 0), $0.y + ($0.error ?? 0)] }
        // Pad the ranges so points and their labels stay off the frame.
        func padded(_ values: [Double], _ share: Double) -> (Double, Double) {
            let lo = values.min() ?? 0
            let hi = values.max() ?? 1
            let span = max(hi - lo, abs(hi) * 0.1, 1e-9)
            return (lo - span * share, hi + span * share)
        }
        let xRange = padded(xs, 0.12)
        let ticks = Ticks.nice(xRange.0, xRange.1, target: 6)
        return Axes(
            frame: rect, canvas: canvas, xRange: (ticks.low, ticks.high), yRange: padded(ys, 0.15), xLabel: xLabel,
            yLabel: yLabel,
            xTicks: ticks.ticks, xTickLabels: xTickLabel.map { f in ticks.ticks.map(f) })
    }

    package func draw(on canvas: Canvas, in frame: Rect) {
        _ = drawTitle(title, on: canvas, in: frame)
        let theme = canvas.theme
        let axes = self.axes(on: canvas, in: frame)
        axes.drawGrid(on: canvas)
        for (i, p) in points.enumerated() {
            let color = p.color ?? theme.color(i)
            let at = axes.point(p.x, p.y)
            if let e = p.error, e > 0 {
                let top = axes.py(p.y + e)
                let bottom = axes.py(p.y - e)
                canvas.line([Point(x: at.x, y: top), Point(x: at.x, y: bottom)], color, width: 1.2)
                for y in [top, bottom] {
                    canvas.line([Point(x: at.x - 4, y: y), Point(x: at.x + 4, y: y)], color, width: 1.2)
                }
            }
            canvas.circle(at, radius: 4.5, fill: color, stroke: .white)
        }
        for (label, rect) in labelRects(on: canvas, axes: axes) {
            canvas.text(label, at: Point(x: rect.x, y: rect.y), size: theme.tickSize, anchor: .start, baseline: .top)
        }
        axes.drawFrame(on: canvas, xLabel: xLabel, yLabel: yLabel)
    }

    /// Each label beside its point, at the first of six places around it (right, left, above,
    /// below) that stays in the plot and clear of the points, error bars and labels already
    /// placed; where none is clear, the one that overlaps least.
    func labelRects(on canvas: Canvas, axes: Axes) -> [(String, Rect)] {
        var obstacles: [Rect] = points.flatMap { p -> [Rect] in
            let at = axes.point(p.x, p.y)
            var rects = [Rect(x: at.x - 5, y: at.y - 5, width: 10, height: 10)]
            if let e = p.error, e > 0 {
                rects.append(
                    Rect(
                        x: at.x - 5, y: axes.py(p.y + e) - 1, width: 10, height: axes.py(p.y - e) - axes.py(p.y + e) + 2
                    ))
            }
            return rects
        }
        var placed: [(String, Rect)] = []
        for p in points {
            let at = axes.point(p.x, p.y)
            let w = canvas.textSize(p.label, size: canvas.theme.tickSize).width
            let h = canvas.theme.tickSize + 2
            let candidates = [
                Rect(x: at.x + 8, y: at.y - 6 - h, width: w, height: h),
                Rect(x: at.x + 8, y: at.y + 6, width: w, height: h),
                Rect(x: at.x - 8 - w, y: at.y - 6 - h, width: w, height: h),
                Rect(x: at.x - 8 - w, y: at.y + 6, width: w, height: h),
                Rect(x: at.x + 8, y: at.y - h / 2, width: w, height: h),
                Rect(x: at.x - 8 - w, y: at.y - h / 2, width: w, height: h),
            ]
            func overlaps(_ r: Rect) -> Int {
                let outside =
                    r.x < axes.plot.x || r.maxX > axes.plot.maxX || r.y < axes.plot.y || r.maxY > axes.plot.maxY
                return obstacles.filter { $0.intersects(r) }.count + (outside ? 100 : 0)
            }
            let best = candidates.min { overlaps($0) < overlaps($1) }!  // the first of equals, by `min`'s stability
            placed.append((p.label, best))
            obstacles.append(best)
        }
        return placed
    }
}
