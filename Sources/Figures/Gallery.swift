import Foundation
import Imaging

/// Every chart type drawn from made-up data, to look at them side by side.
package enum Gallery {
    package static func write(to folder: URL, theme: Theme = .standard) throws -> [URL] {
        var g = Wobble(seed: 1)
        let figures = [lines(&g, theme), bars(&g, theme), heatmap(&g, theme), histogram(theme)] + grids(&g, theme)
        return try figures.map { name, canvas in
            let url = folder.appendingPathComponent(name)
            try canvas.save(to: url)
            return url
        }
    }

    static let classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

    static func lines(_ g: inout Wobble, _ theme: Theme) -> (String, Canvas) {
        let epochs = (1...10).map(Double.init)
        return (
            "demo-lines.png",
            Canvas.chart(width: 760, height: 300, theme: theme) { canvas, rect in
                let panels = rect.columns(2, gap: 24)
                LineChart(
                    title: "Loss", xLabel: "epoch", yLabel: "cross-entropy",
                    series: [
                        .init(name: "train", points: epochs.map { Point(x: $0, y: 2.1 / sqrt($0) + g.next(0.02)) }),
                        .init(
                            name: "validation",
                            points: epochs.map { Point(x: $0, y: 1.9 / sqrt($0) + 0.3 + g.next(0.05) + 0.02 * $0) },
                            dashed: true),
                    ], integerX: true
                ).draw(on: canvas, in: panels[0])
                LineChart(
                    title: "Accuracy", xLabel: "epoch", yLabel: "accuracy",
                    series: [
                        .init(name: "train", points: epochs.map { Point(x: $0, y: 0.4 + 0.05 * $0 + g.next(0.01)) }),
                        .init(
                            name: "validation",
                            points: epochs.map { Point(x: $0, y: 0.45 + 0.028 * $0 - 0.0015 * $0 * $0 + g.next(0.01)) },
                            dashed: true,
                            band: epochs.map { _ in (-0.02, 0.02) }.enumerated().map { i, b in
                                let m = 0.45 + 0.028 * Double(i + 1) - 0.0015 * Double((i + 1) * (i + 1))
                                return (m + b.0, m + b.1)
                            }),
                    ], yRange: (0, 1), integerX: true
                ).draw(on: canvas, in: panels[1])
            }
        )
    }

    static func bars(_ g: inout Wobble, _ theme: Theme) -> (String, Canvas) {
        (
            "demo-bars.png",
            Canvas.chart(width: 760, height: 320, theme: theme) { canvas, rect in
                BarChart(
                    title: "Per-class accuracy", categories: classes,
                    series: [
                        .init(name: "MLP", values: classes.map { _ in 0.35 + g.next(0.15) }),
                        .init(
                            name: "CNN 3×3", values: classes.map { _ in 0.65 + g.next(0.15) },
                            errors: classes.map { _ in 0.02 }),
                    ], yLabel: "accuracy", yRange: (0, 1), valueFormat: "%.2f"
                ).draw(on: canvas, in: rect)
            }
        )
    }

    static func heatmap(_ g: inout Wobble, _ theme: Theme) -> (String, Canvas) {
        (
            "demo-heatmap.png",
            Canvas.chart(width: 560, height: 520, theme: theme) { canvas, rect in
                let m = (0..<10).map { r in (0..<10).map { c in r == c ? 700 + g.next(100) : 20 + abs(g.next(25)) } }
                Heatmap(
                    title: "Confusion matrix", values: m, rowLabels: classes, columnLabels: classes,
                    rowTitle: "true class", columnTitle: "predicted class", annotationFormat: "%.0f"
                ).draw(on: canvas, in: rect)
            }
        )
    }

    static func histogram(_ theme: Theme) -> (String, Canvas) {
        (
            "demo-histogram.png",
            Canvas.chart(width: 620, height: 300, theme: theme) { canvas, rect in
                let bins = 32
                let series = ["R", "G", "B"].enumerated().map { c, name in
                    Histogram.Series(
                        name: name,
                        counts: (0..<bins).map { b in
                            let x = (Double(b) + 0.5) / Double(bins) - (0.45 + 0.05 * Double(c))
                            return 1000 * exp(-x * x / 0.06) + 80
                        }, color: theme.channels[c])
                }
                Histogram(
                    title: "Pixel intensities", low: 0, high: 1, series: series, xLabel: "intensity (scaled to [0, 1])",
                    yLabel: "pixels"
                )
                .draw(on: canvas, in: rect)
            }
        )
    }

    /// Image grids (plain and captioned) and a filter grid, each on a canvas of its own size.
    static func grids(_ g: inout Wobble, _ theme: Theme) -> [(String, Canvas)] {
        let images = (0..<3).map { r in (0..<6).map { c in Self.pattern(seed: r * 6 + c) } }
        let grid = ImageGrid(
            title: "Samples", rows: images.enumerated().map { ImageGrid.Row(label: classes[$0], images: $1) })
        let captioned = ImageGrid(
            title: "Confidently wrong",
            rows: [
                ImageGrid.Row(
                    label: "", images: images[0],
                    captions: images[0].indices.map { "cat → dog\np = 0.9\($0)" })
            ])
        let filters = FilterGrid(
            title: "First-layer filters (3×3, RGB)", weights: (0..<(16 * 27)).map { _ in Float(g.next(1)) },
            filters: 16, kernelSize: 3, channels: 3)
        let probe = Canvas(width: 10, height: 10, theme: theme)
        func sized(_ size: (width: Double, height: Double), _ draw: (Canvas, Rect) -> Void) -> Canvas {
            Canvas.chart(width: size.width, height: size.height, theme: theme, draw)
        }
        return [
            ("demo-image-grid.png", sized(grid.size(on: probe)) { canvas, _ in grid.draw(on: canvas) }),
            ("demo-captions.png", sized(captioned.size(on: probe)) { canvas, _ in captioned.draw(on: canvas) }),
            ("demo-filters.png", sized(filters.size(on: probe)) { canvas, rect in filters.draw(on: canvas, in: rect) }),
        ]
    }

    /// A made-up 32×32 image: a gradient with a coloured disc.
    static func pattern(seed: Int) -> RGBImage {
        var pixels: [UInt8] = []
        let cx = Double(8 + (seed * 7) % 16)
        let cy = Double(8 + (seed * 11) % 16)
        for y in 0..<32 {
            for x in 0..<32 {
                let inside = (Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy) < 36
                pixels +=
                    inside
                    ? [UInt8((seed * 40) % 256), 200, UInt8(255 - (seed * 30) % 256)]
                    : [UInt8(x * 8), UInt8(y * 8), 90]
            }
        }
        return RGBImage(width: 32, height: 32, pixels: pixels)
    }
}

/// A deterministic jitter for the made-up data.
struct Wobble {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ amplitude: Double) -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (Double(state >> 11) * 0x1p-53 * 2 - 1) * amplitude
    }
}
