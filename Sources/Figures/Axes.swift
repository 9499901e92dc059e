/// A plot area with linear x and y scales: gridlines, ticks, tick labels and axis labels, drawn
/// around the data rectangle that it leaves inside `frame`.
struct Axes {
    let frame: Rect
    let plot: Rect
    let x: (low: Double, high: Double, ticks: [Double])
    let y: (low: Double, high: Double, ticks: [Double])
    var xTickLabels: [String]?

    init(
        frame: Rect, canvas: Canvas, xRange: (Double, Double), yRange: (Double, Double),
        xLabel: String?, yLabel: String?, xTicks: [Double]? = nil, xTickLabels: [String]? = nil, yTarget: Int = 5
    ) {
        let theme = canvas.theme
        let niceY = Ticks.nice(yRange.0, yRange.1, target: yTarget)
        let niceX = xTicks.map { (xRange.0, xRange.1, $0) } ?? Ticks.nice(xRange.0, xRange.1, target: 6)
        let yLabels = Ticks.labels(niceY.ticks)
        let yLabelWidth = yLabels.map { canvas.textSize($0, size: theme.tickSize).width }.max() ?? 0
        let left = (yLabel == nil ? 0 : theme.labelSize + 8) + yLabelWidth + 8
        let bottom = theme.tickSize + 8 + (xLabel == nil ? 0 : theme.labelSize + 8)
        self.frame = frame
        plot = frame.inset(top: 4, left: left, bottom: bottom, right: 8)
        x = niceX
        y = niceY
        self.xTickLabels = xTickLabels
    }

    func px(_ value: Double) -> Double { plot.x + (value - x.low) / (x.high - x.low) * plot.width }
    func py(_ value: Double) -> Double { plot.maxY - (value - y.low) / (y.high - y.low) * plot.height }
    func point(_ vx: Double, _ vy: Double) -> Point { Point(x: px(vx), y: py(vy)) }

    func drawGrid(on canvas: Canvas) {
        let theme = canvas.theme
        for t in y.ticks {
            canvas.line([Point(x: plot.x, y: py(t)), Point(x: plot.maxX, y: py(t))], theme.gridColor, width: 0.8)
        }
    }

    func drawFrame(on canvas: Canvas, xLabel: String?, yLabel: String?) {
        let theme = canvas.theme
        canvas.line(
            [Point(x: plot.x, y: plot.y), Point(x: plot.x, y: plot.maxY), Point(x: plot.maxX, y: plot.maxY)],
            theme.axisColor, width: 1)
        for (t, label) in zip(y.ticks, Ticks.labels(y.ticks)) {
            canvas.line([Point(x: plot.x - 4, y: py(t)), Point(x: plot.x, y: py(t))], theme.axisColor, width: 1)
            canvas.text(
                label, at: Point(x: plot.x - 7, y: py(t)), size: theme.tickSize, color: theme.mutedText, anchor: .end,
                baseline: .middle)
        }
        let labels = xTickLabels ?? Ticks.labels(x.ticks)
        // Thin the x labels until they no longer touch.
        let widest = labels.map { canvas.textSize($0, size: theme.tickSize).width }.max() ?? 0
        let spacing = x.ticks.count > 1 ? abs(px(x.ticks[1]) - px(x.ticks[0])) : plot.width
        let every = max(1, Int((widest + 6) / max(spacing, 1)) + 1)
        for (i, (t, label)) in zip(x.ticks, labels).enumerated() {
            canvas.line([Point(x: px(t), y: plot.maxY), Point(x: px(t), y: plot.maxY + 4)], theme.axisColor, width: 1)
            if i % every == 0 {
                canvas.text(
                    label, at: Point(x: px(t), y: plot.maxY + 6), size: theme.tickSize, color: theme.mutedText,
                    anchor: .middle, baseline: .top)
            }
        }
        if let xLabel {
            canvas.text(
                xLabel, at: Point(x: plot.center.x, y: frame.maxY), size: theme.labelSize, anchor: .middle,
                baseline: .bottom)
        }
        if let yLabel {
            canvas.text(
                yLabel, at: Point(x: frame.x, y: plot.center.y), size: theme.labelSize, anchor: .middle, baseline: .top,
                rotation: -.pi / 2)
        }
    }
}

/// A row of legend entries laid out left to right (wrapping), above the plot so it never covers data.
struct Legend {
    let entries: [(label: String, color: Color, dashed: Bool)]

    func height(on canvas: Canvas, width: Double) -> Double {
        rows(on: canvas, width: width).count == 0
            ? 0 : Double(rows(on: canvas, width: width).count) * (canvas.theme.tickSize + 8)
    }

    private func rows(on canvas: Canvas, width: Double) -> [[Int]] {
        var rows: [[Int]] = []
        var current: [Int] = []
        var used = 0.0
        for (i, e) in entries.enumerated() {
            let w = 26 + canvas.textSize(e.label, size: canvas.theme.tickSize).width + 14
            if used + w > width, !current.isEmpty {
                rows.append(current)
                current = []
                used = 0
            }
            current.append(i)
            used += w
        }
        if !current.isEmpty { rows.append(current) }
        return rows
    }

    func draw(on canvas: Canvas, in rect: Rect) {
        let theme = canvas.theme
        for (r, row) in rows(on: canvas, width: rect.width).enumerated() {
            var x = rect.x
            let y = rect.y + Double(r) * (theme.tickSize + 8) + theme.tickSize / 2 + 2
            for i in row {
                let e = entries[i]
                canvas.line(
                    [Point(x: x, y: y), Point(x: x + 20, y: y)], e.color, width: 2.5, dash: e.dashed ? [5, 3] : [])
                let bounds = canvas.text(
                    e.label, at: Point(x: x + 26, y: y), size: theme.tickSize, anchor: .start, baseline: .middle)
                x = bounds.maxX + 14
            }
        }
    }
}

/// A title line over a chart; returns the rest of the rectangle.
package func drawTitle(_ title: String?, on canvas: Canvas, in rect: Rect) -> Rect {
    guard let title, !title.isEmpty else { return rect }
    canvas.text(
        title, at: Point(x: rect.x, y: rect.y), size: canvas.theme.titleSize, bold: true, anchor: .start, baseline: .top
    )
    return rect.inset(top: canvas.theme.titleSize + 8)
}
