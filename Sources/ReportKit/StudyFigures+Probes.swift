import CIFAR
import Figures
import Foundation
import Study

/// The figures of the inductive-bias experiments.
extension StudyFigures {
    typealias Save = (_ id: String, _ width: Double, _ height: Double, _ draw: (Canvas, Rect) -> Void) throws -> Void

    func drawProbes(_ bias: InductiveBias, save: Save) throws {
        let t = bias.translation
        try save("translation", 780, 310) { c, r in
            let panels = r.columns(2, gap: 28)
            for (panel, fill) in zip(panels, [ShiftFill.zeros, .wrap]) {
                let series = [StudyModel.mlp, .cnn3].enumerated().compactMap { i, m in
                    t.curve(m, fill).map { curve in
                        LineChart.Series(name: m.shortName, points: zip(t.shifts, curve.accuracy).map { Point(x: Double($0), y: $1) },
                                         color: theme.color(i))
                    }
                }
                LineChart(title: fill == .zeros ? "Shifted, border filled with black" : "Shifted with wrap-around",
                          xLabel: "shift (pixels, mean of right and down)", yLabel: "test accuracy", series: series,
                          yRange: (0, 0.8), integerX: true).draw(on: c, in: panel)
            }
        }
        let p = bias.permutation
        try save("permutation", 600, 320) { c, r in
            BarChart(title: "Test accuracy, original vs pixel-permuted images (mean ± std over seeds)",
                     categories: p.rows.map(\.model.shortName), series: [
                        .init(name: "original images", values: p.rows.map(\.original.mean), errors: p.rows.map(\.original.std)),
                        .init(name: "pixels permuted (one fixed permutation)", values: p.rows.map(\.permuted.mean), errors: p.rows.map(\.permuted.std)),
                     ], yLabel: "test accuracy", yRange: (0, 1), valueFormat: "%.3f").draw(on: c, in: r)
        }
        let rows = bias.ablation.rows
        try save("ablation-scatter", 780, 400) { c, r in
            ScatterChart(title: "Test accuracy against parameters (mean ± std over seeds)",
                         xLabel: "parameters", yLabel: "test accuracy",
                         points: rows.enumerated().map { i, row in
                             // Palette colour 6 is yellow, too pale for a point on white.
                             .init(x: Double(row.parameters), y: row.accuracy.mean, error: row.accuracy.std, label: row.model.shortName,
                                   color: theme.color(i < 6 ? i : i + 1))
                         },
                         xTickLabel: { "\(Int(($0 / 1000).rounded()))k" }).draw(on: c, in: r)
        }
        try save("receptive-fields", 660, 380) { c, r in
            let body = drawTitle("Effective receptive field of the last conv layer's centre unit", on: c, in: r)
            let panels = body.columns(bias.receptiveFields.count, gap: 28)
            for (panel, field) in zip(panels, bias.receptiveFields) {
                let s = field.support
                FieldMap(title: field.model.shortName, values: field.magnitude, width: field.width, height: field.height,
                         box: (s[0], s[1], s[2], s[3]),
                         caption: "box: theoretical \(field.theoretical)×\(field.theoretical); half the gradient within \(field.halfMassSide)×\(field.halfMassSide)")
                    .draw(on: c, in: panel)
            }
        }
    }

    /// The input image and the maps of each conv layer, one row per image; returns the file name.
    func drawFeatureMaps(_ maps: FeatureMaps) throws -> String {
        let classes = results.statistics.classNames
        let probe = Canvas(width: 1, height: 1, theme: theme)
        let grids = maps.images.indices.map { i in
            maps.layers.map { layer in
                FilterGrid(title: "conv layer \(layer.convolution) after ReLU: \(layer.channels) maps of \(layer.height)×\(layer.width)",
                           weights: layer.maps[i].map(Float.init), filters: layer.channels, kernelSize: layer.height, channels: 1,
                           columns: layer.channels > 32 ? 16 : 8, tile: layer.channels > 32 ? 22 : 34)
            }
        }
        let inputTile = 96.0, gap = 24.0, m = theme.margin, heading = theme.titleSize + 10
        let sizes = grids.map { $0.map { $0.size(on: probe) } }
        let rowHeights = sizes.map { row in max(inputTile + 30, row.map { $0.height - 2 * m }.max() ?? 0) }
        let width = 2 * m + inputTile + gap + (sizes.first?.map { $0.width - 2 * m }.reduce(0) { $0 + $1 + gap } ?? 0)
        let height = 2 * m + heading + rowHeights.reduce(0) { $0 + $1 + gap } - gap
        let canvas = Canvas(width: width, height: height, theme: theme)
        canvas.text("\(maps.model.title): what the conv layers respond to (each map scaled to its own maximum)",
                    at: Point(x: m, y: m), size: theme.titleSize, bold: true, baseline: .top)
        var y = m + heading
        for (i, index) in maps.images.enumerated() {
            let label = classes.indices.contains(maps.labels[i]) ? classes[maps.labels[i]] : "class \(maps.labels[i])"
            canvas.image(image(data.test, index), in: Rect(x: m, y: y + theme.titleSize + 8, width: inputTile, height: inputTile))
            canvas.text("test image \(index): \(label)", at: Point(x: m, y: y + theme.titleSize + 14 + inputTile), size: theme.tickSize,
                        color: theme.mutedText, baseline: .top)
            var x = m + inputTile + gap
            for (grid, size) in zip(grids[i], sizes[i]) {
                grid.draw(on: canvas, in: Rect(x: x, y: y, width: size.width - 2 * m, height: size.height - 2 * m))
                x += size.width - 2 * m + gap
            }
            y += rowHeights[i] + gap
        }
        try canvas.save(to: folder.appendingPathComponent("feature-maps.png"))
        return "feature-maps.png"
    }
}
