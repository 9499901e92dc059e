extension Canvas {
    /// A width × height canvas, `draw` given the area inside the theme's margin: every chart's set-up.
    package static func chart(
        width: Double, height: Double, theme: Theme = .standard, _ draw: (Canvas, Rect) -> Void
    ) -> Canvas {
        let canvas = Canvas(width: width, height: height, theme: theme)
        let m = theme.margin
        draw(canvas, Rect(x: m, y: m, width: width - 2 * m, height: height - 2 * m))
        return canvas
    }
}
