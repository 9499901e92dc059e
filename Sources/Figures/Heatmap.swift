import Foundation

/// A matrix as coloured cells (viridis), with row and column labels, a colour bar, and optional
/// per-cell annotations — a confusion matrix, for instance.
package struct Heatmap: Sendable {
    package var title: String?
    package var values: [[Double]]
    package var rowLabels: [String]
    package var columnLabels: [String]
    package var rowTitle: String?
    package var columnTitle: String?
    /// printf format for the cell annotations; nil for none.
    package var annotationFormat: String?
    /// The value range of the colour scale; the data's range when nil.
    package var range: (Double, Double)?

    package init(
        title: String? = nil, values: [[Double]], rowLabels: [String], columnLabels: [String],
        rowTitle: String? = nil, columnTitle: String? = nil, annotationFormat: String? = nil,
        range: (Double, Double)? = nil
    ) {
        self.title = title
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.annotationFormat = annotationFormat
        self.range = range
    }

    var scale: (low: Double, high: Double) {
        let flat = values.flatMap { $0 }
        let (lo, hi) = range ?? (flat.min() ?? 0, flat.max() ?? 1)
        return (lo, hi > lo ? hi : lo + 1)
    }

    package func color(for value: Double) -> Color { ColorMap.viridis((value - scale.low) / (scale.high - scale.low)) }

    /// The rectangle of cell (row, column) when drawn in `frame`: for layout and for tests.
    package func cellRect(row: Int, column: Int, on canvas: Canvas, in frame: Rect) -> Rect {
        let grid = gridRect(on: canvas, in: frame)
        let w = grid.width / Double(columnLabels.count)
        let h = grid.height / Double(rowLabels.count)
        return Rect(x: grid.x + Double(column) * w, y: grid.y + Double(row) * h, width: w, height: h)
    }

    func gridRect(on canvas: Canvas, in frame: Rect) -> Rect {
        let theme = canvas.theme
        let rect = title == nil ? frame : frame.inset(top: theme.titleSize + 8)
        let rowLabelWidth = rowLabels.map { canvas.textSize($0, size: theme.tickSize).width }.max() ?? 0
        let columnLabelWidth = columnLabels.map { canvas.textSize($0, size: theme.tickSize).width }.max() ?? 0
        let left = rowLabelWidth + 8 + (rowTitle == nil ? 0 : theme.labelSize + 8)
        let bottom = columnLabelWidth * 0.75 + 10 + (columnTitle == nil ? 0 : theme.labelSize + 8)
        let colourBar = 60.0
        let available = rect.inset(top: 2, left: left, bottom: bottom, right: colourBar)
        let side = min(available.width / Double(columnLabels.count), available.height / Double(rowLabels.count))
        return Rect(
            x: available.x, y: available.y, width: side * Double(columnLabels.count),
            height: side * Double(rowLabels.count))
    }

    package func draw(on canvas: Canvas, in frame: Rect) {
        let theme = canvas.theme
        _ = drawTitle(title, on: canvas, in: frame)
        let grid = gridRect(on: canvas, in: frame)
        let cellHeight = grid.height / Double(rowLabels.count)
        for (r, row) in values.enumerated() {
            for (c, v) in row.enumerated() {
                let cell = cellRect(row: r, column: c, on: canvas, in: frame)
                let fill = color(for: v)
                canvas.fill(cell, fill)
                if let annotationFormat {
                    canvas.text(
                        String(format: annotationFormat, v), at: cell.center,
                        size: min(theme.annotationSize, cellHeight * 0.42),
                        color: fill.luminance > 0.45 ? .black : .white, anchor: .middle, baseline: .middle)
                }
            }
        }
        for (r, label) in rowLabels.enumerated() {
            canvas.text(
                label, at: Point(x: grid.x - 6, y: grid.y + (Double(r) + 0.5) * cellHeight), size: theme.tickSize,
                anchor: .end, baseline: .middle)
        }
        let cellWidth = grid.width / Double(columnLabels.count)
        for (c, label) in columnLabels.enumerated() {
            // Slanted 45° so long class names fit under narrow columns.
            canvas.text(
                label, at: Point(x: grid.x + (Double(c) + 0.5) * cellWidth + 3, y: grid.maxY + 6), size: theme.tickSize,
                anchor: .end, baseline: .top, rotation: -.pi / 4)
        }
        if let rowTitle {
            canvas.text(
                rowTitle, at: Point(x: frame.x, y: grid.center.y), size: theme.labelSize, anchor: .middle,
                baseline: .top, rotation: -.pi / 2)
        }
        if let columnTitle {
            canvas.text(
                columnTitle, at: Point(x: grid.center.x, y: frame.maxY), size: theme.labelSize, anchor: .middle,
                baseline: .bottom)
        }
        drawColourBar(on: canvas, beside: grid)
    }

    private func drawColourBar(on canvas: Canvas, beside grid: Rect) {
        let bar = Rect(x: grid.maxX + 14, y: grid.y, width: 12, height: grid.height)
        let steps = 64
        for i in 0..<steps {
            let t = Double(i) / Double(steps - 1)
            let y = bar.maxY - Double(i + 1) * bar.height / Double(steps)
            canvas.fill(
                Rect(x: bar.x, y: y, width: bar.width, height: bar.height / Double(steps) + 0.5), ColorMap.viridis(t))
        }
        canvas.strokeRect(bar, canvas.theme.axisColor, width: 0.6)
        let ticks = Ticks.nice(scale.low, scale.high, target: 4).ticks.filter {
            $0 >= scale.low - 1e-9 && $0 <= scale.high + 1e-9
        }
        for (t, label) in zip(ticks, Ticks.labels(ticks)) {
            let y = bar.maxY - (t - scale.low) / (scale.high - scale.low) * bar.height
            canvas.line([Point(x: bar.maxX, y: y), Point(x: bar.maxX + 3, y: y)], canvas.theme.axisColor, width: 1)
            canvas.text(
                label, at: Point(x: bar.maxX + 5, y: y), size: canvas.theme.tickSize, color: canvas.theme.mutedText,
                anchor: .start, baseline: .middle)
        }
    }
}
