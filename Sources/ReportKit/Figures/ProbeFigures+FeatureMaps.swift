import CIFAR
import Figures
import Imaging
import Study

/// The feature-map figure: each test image beside the maps of every conv layer, one row per image.
extension ProbeFigures {
    func featureMaps(_ maps: FeatureMaps, caption: String) -> ReportFigure {
        ReportFigure(id: .featureMaps, caption: caption) {
            let grids = maps.images.indices.map { i in
                maps.layers.map { layer in
                    FilterGrid(
                        title: "conv layer \(layer.convolution) after ReLU: \(layer.channels) maps of "
                            + "\(layer.height)×\(layer.width)",
                        weights: layer.maps[i].map(Float.init), filters: layer.channels, kernelSize: layer.height,
                        channels: 1,
                        columns: layer.channels > 32 ? 16 : 8, tile: layer.channels > 32 ? 22 : 34)
                }
            }
            return draw(maps, grids: grids)
        }
    }

    private func draw(_ maps: FeatureMaps, grids: [[FilterGrid]]) -> Canvas {
        let classes = classNames
        let probe = Canvas(width: 1, height: 1, theme: theme)
        let inputTile = 96.0
        let gap = 24.0
        let m = theme.margin
        let heading = theme.titleSize + 10
        let sizes = grids.map { $0.map { $0.size(on: probe) } }
        let rowHeights = sizes.map { row in max(inputTile + 30, row.map { $0.height - 2 * m }.max() ?? 0) }
        let width = 2 * m + inputTile + gap + (sizes.first?.map { $0.width - 2 * m }.reduce(0) { $0 + $1 + gap } ?? 0)
        let height = 2 * m + heading + rowHeights.reduce(0) { $0 + $1 + gap } - gap
        let canvas = Canvas(width: width, height: height, theme: theme)
        canvas.text(
            "\(title(maps.model)): what the conv layers respond to (each map scaled to its own maximum)",
            at: Point(x: m, y: m), size: theme.titleSize, bold: true, baseline: .top)
        var y = m + heading
        for (i, index) in maps.images.enumerated() {
            let label = classes.indices.contains(maps.labels[i]) ? classes[maps.labels[i]] : "class \(maps.labels[i])"
            canvas.image(
                RGBImage(planar: test.image(index), width: ImageSet.width, height: ImageSet.height),
                in: Rect(x: m, y: y + theme.titleSize + 8, width: inputTile, height: inputTile)
            )
            canvas.text(
                "test image \(index): \(label)", at: Point(x: m, y: y + theme.titleSize + 14 + inputTile),
                size: theme.tickSize,
                color: theme.mutedText, baseline: .top)
            var x = m + inputTile + gap
            for (grid, size) in zip(grids[i], sizes[i]) {
                grid.draw(on: canvas, in: Rect(x: x, y: y, width: size.width - 2 * m, height: size.height - 2 * m))
                x += size.width - 2 * m + gap
            }
            y += rowHeights[i] + gap
        }
        return canvas
    }
}
