import Foundation

/// Grouped bars: one group per category, one bar per series, optional error bars (± value) and
/// value labels.
package struct BarChart: Sendable {
    package struct Series: Sendable {
        package var name: String
        package var values: [Double]
        package var errors: [Double]?
        package var color: Color?
        package init(name: String, values: [Double], errors: [Double]? = nil, color: Color? = nil) {
            self.name = name
            self.values = values
            self.errors = errors
            self.color = color
        }
    }

    package var title: String?
    package var categories: [String]
    package var series: [Series]
    package var yLabel: String?
    package var xLabel: String?
    package var yRange: (Double, Double)?
    /// printf format of value labels over the bars; nil for none.
    package var valueFormat: String?

    package init(
        title: String? = nil, categories: [String], series: [Series], xLabel: String? = nil, yLabel: String? = nil,
        yRange: (Double, Double)? = nil, valueFormat: String? = nil
    ) {
        self.title = title
        self.categories = categories
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.yRange = yRange
        self.valueFormat = valueFormat
    }

    package func draw(on canvas: Canvas, in frame: Rect) {
        var rect = drawTitle(title, on: canvas, in: frame)
        let colors = series.enumerated().map { $1.color ?? canvas.theme.color($0) }
        if series.count > 1 {
            let legend = Legend(entries: series.enumerated().map { ($1.name, colors[$0], false) })
            legend.draw(on: canvas, in: rect)
            rect = rect.inset(top: legend.height(on: canvas, width: rect.width) + 4)
        }
        let tops = series.flatMap { s in s.values.enumerated().map { $1 + (s.errors?[$0] ?? 0) } }
        let top = (tops.max() ?? 1) * (valueFormat == nil ? 1.02 : 1.12)
        let yr = yRange ?? (min(0, tops.min() ?? 0), top)
        let n = Double(categories.count)
        let axes = Axes(
            frame: rect, canvas: canvas, xRange: (0, n), yRange: yr, xLabel: xLabel, yLabel: yLabel,
            xTicks: (0..<categories.count).map { Double($0) + 0.5 }, xTickLabels: categories)
        axes.drawGrid(on: canvas)
        let groupWidth = axes.plot.width / n * 0.8
        let barWidth = groupWidth / Double(series.count)
        for (c, _) in categories.enumerated() {
            for (s, serie) in series.enumerated() where c < serie.values.count {
                let value = serie.values[c]
                let x0 = axes.px(Double(c) + 0.5) - groupWidth / 2 + Double(s) * barWidth
                let y0 = axes.py(max(value, axes.y.low))
                let base = axes.py(max(0, axes.y.low))
                canvas.fill(Rect(x: x0 + 1, y: min(y0, base), width: barWidth - 2, height: abs(base - y0)), colors[s])
                var labelY = y0
                if let e = serie.errors?[c], e > 0 {
                    let cx = x0 + barWidth / 2
                    let hi = axes.py(value + e)
                    let lo = axes.py(value - e)
                    canvas.line([Point(x: cx, y: hi), Point(x: cx, y: lo)], canvas.theme.axisColor, width: 1.2)
                    for yy in [hi, lo] {
                        canvas.line(
                            [Point(x: cx - 4, y: yy), Point(x: cx + 4, y: yy)], canvas.theme.axisColor, width: 1.2)
                    }
                    labelY = hi
                }
                if let valueFormat {
                    canvas.text(
                        String(format: valueFormat, value), at: Point(x: x0 + barWidth / 2, y: labelY - 3),
                        size: canvas.theme.annotationSize, color: canvas.theme.mutedText, anchor: .middle,
                        baseline: .bottom)
                }
            }
        }
        axes.drawFrame(on: canvas, xLabel: xLabel, yLabel: yLabel)
    }
}
