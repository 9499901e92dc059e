import Imaging

/// A field of values in [0, 1] over a pixel grid, in viridis with square pixels, and an
/// optional outlined box of cells — e.g. an effective receptive field inside the theoretical one.
package struct FieldMap: Sendable {
    package var title: String?
    /// (height, width), row-major.
    package var values: [Double]
    package var width: Int
    package var height: Int
    /// Cells (top, left, bottom, right), inclusive, to outline.
    package var box: (top: Int, left: Int, bottom: Int, right: Int)?
    package var caption: String?

    package init(
        title: String? = nil, values: [Double], width: Int, height: Int,
        box: (top: Int, left: Int, bottom: Int, right: Int)? = nil, caption: String? = nil
    ) {
        precondition(values.count == width * height, "\(values.count) values for a \(width)×\(height) field")
        self.title = title
        self.values = values
        self.width = width
        self.height = height
        self.box = box
        self.caption = caption
    }

    /// The square the field is drawn in, inside `frame`.
    package func fieldRect(on canvas: Canvas, in frame: Rect) -> Rect {
        let theme = canvas.theme
        let rect = (title == nil ? frame : frame.inset(top: theme.titleSize + 8)).inset(
            bottom: caption == nil ? 0 : theme.tickSize + 10)
        let cell = min(rect.width / Double(width), rect.height / Double(height))
        let w = cell * Double(width)
        let h = cell * Double(height)
        return Rect(x: rect.x + (rect.width - w) / 2, y: rect.y, width: w, height: h)
    }

    package func draw(on canvas: Canvas, in frame: Rect) {
        _ = drawTitle(title, on: canvas, in: frame)
        let field = fieldRect(on: canvas, in: frame)
        let pixels = values.flatMap { v -> [UInt8] in
            let c = ColorMap.viridis(v)
            return [c.redByte, c.greenByte, c.blueByte]
        }
        canvas.image(RGBImage(width: width, height: height, pixels: pixels), in: field)
        if let box {
            let cell = field.width / Double(width)
            canvas.strokeRect(
                Rect(
                    x: field.x + Double(box.left) * cell, y: field.y + Double(box.top) * cell,
                    width: Double(box.right - box.left + 1) * cell, height: Double(box.bottom - box.top + 1) * cell),
                .white, width: 1.5)
        }
        if let caption {
            canvas.text(
                caption, at: Point(x: field.center.x, y: field.maxY + 6), size: canvas.theme.tickSize,
                color: canvas.theme.mutedText, anchor: .middle, baseline: .top)
        }
    }
}
