import Imaging

/// Small images in rows, upscaled with nearest-neighbour so pixels stay sharp, with a label per
/// row and an optional caption under each tile.
package struct ImageGrid: Sendable {
    package struct Row: Sendable {
        package var label: String
        package var images: [RGBImage]
        package var captions: [String]?
        package init(label: String, images: [RGBImage], captions: [String]? = nil) {
            self.label = label
            self.images = images
            self.captions = captions
        }
    }

    package var title: String?
    package var rows: [Row]
    package var tile: Double
    package var gap: Double

    package init(title: String? = nil, rows: [Row], tile: Double = 48, gap: Double = 4) {
        self.title = title
        self.rows = rows
        self.tile = tile
        self.gap = gap
    }

    var hasCaptions: Bool { rows.contains { $0.captions != nil } }

    /// The size this grid needs, in points.
    package func size(on canvas: Canvas) -> (width: Double, height: Double) {
        let theme = canvas.theme
        let labelWidth = rows.map { canvas.textSize($0.label, size: theme.labelSize).width }.max() ?? 0
        let columns = rows.map(\.images.count).max() ?? 0
        let rowHeight = tile + gap + (hasCaptions ? theme.annotationSize * 2 + 8 : 0)
        let titleHeight = title == nil ? 0 : theme.titleSize + 8
        let titleWidth = title.map { canvas.textSize($0, size: theme.titleSize, bold: true).width } ?? 0
        return (
            max(labelWidth + 10 + Double(columns) * (tile + gap), titleWidth) + 2 * theme.margin,
            titleHeight + Double(rows.count) * rowHeight + 2 * theme.margin
        )
    }

    /// Where tile (row, column) lands when drawn at `origin`.
    package func tileRect(row: Int, column: Int, on canvas: Canvas, origin: Point) -> Rect {
        let theme = canvas.theme
        let labelWidth = rows.map { canvas.textSize($0.label, size: theme.labelSize).width }.max() ?? 0
        let rowHeight = tile + gap + (hasCaptions ? theme.annotationSize * 2 + 8 : 0)
        let titleHeight = title == nil ? 0 : theme.titleSize + 8
        return Rect(
            x: origin.x + theme.margin + labelWidth + 10 + Double(column) * (tile + gap),
            y: origin.y + theme.margin + titleHeight + Double(row) * rowHeight, width: tile, height: tile)
    }

    package func draw(on canvas: Canvas, at origin: Point = Point(x: 0, y: 0)) {
        let theme = canvas.theme
        if let title {
            canvas.text(
                title, at: Point(x: origin.x + theme.margin, y: origin.y + theme.margin), size: theme.titleSize,
                bold: true, baseline: .top)
        }
        for (r, row) in rows.enumerated() {
            for (c, image) in row.images.enumerated() {
                let rect = tileRect(row: r, column: c, on: canvas, origin: origin)
                canvas.image(image, in: rect)
                if let caption = row.captions?[c] {
                    for (l, line) in caption.split(separator: "\n").prefix(2).enumerated() {
                        canvas.text(
                            String(line),
                            at: Point(x: rect.center.x, y: rect.maxY + 3 + Double(l) * (theme.annotationSize + 2)),
                            size: theme.annotationSize, color: theme.mutedText, anchor: .middle, baseline: .top)
                    }
                }
            }
            let first = tileRect(row: r, column: 0, on: canvas, origin: origin)
            canvas.text(
                row.label, at: Point(x: first.x - 10, y: first.center.y), size: theme.labelSize, anchor: .end,
                baseline: .middle)
        }
    }
}
