import CIFAR
import Figures
import Foundation
import NeuralNet
import Study

/// Every figure of the report, drawn from the results (plus the data for sample images and the
/// cached weights for the learned filters) into `folder`. Returns the file names, by figure id.
struct StudyFigures {
    let results: StudyResults
    let data: CIFAR10
    let folder: URL
    let theme = Theme.standard

    func drawAll() throws -> [String: String] {
        var files: [String: String] = [:]
        func save(_ id: String, _ width: Double, _ height: Double, _ draw: (Canvas, Rect) -> Void) throws {
            let canvas = Canvas(width: width, height: height, theme: theme)
            let m = theme.margin
            draw(canvas, Rect(x: m, y: m, width: width - 2 * m, height: height - 2 * m))
            try canvas.save(to: folder.appendingPathComponent(id + ".png"))
            files[id] = id + ".png"
        }
        let s = results.statistics, classes = s.classNames

        // EDA
        let samples = ImageGrid(title: "Eight training images per class", rows: classes.indices.map { c in
            let indices = data.training.labels.indices.filter { data.training.labels[$0] == c }.prefix(8)
            return ImageGrid.Row(label: classes[c], images: indices.map { image(data.training, $0) })
        }, tile: 40)
        let size = samples.size(on: Canvas(width: 1, height: 1))
        let canvas = Canvas(width: size.width, height: size.height, theme: theme)
        samples.draw(on: canvas)
        try canvas.save(to: folder.appendingPathComponent("eda-samples.png"))
        files["eda-samples"] = "eda-samples.png"

        try save("eda-class-balance", 760, 300) { c, r in
            BarChart(title: "Images per class", categories: classes, series: [
                .init(name: "training (\(NumberText.grouped(s.trainingCount)))", values: s.trainingClassCounts.map(Double.init)),
                .init(name: "test (\(NumberText.grouped(s.testCount)))", values: s.testClassCounts.map(Double.init)),
            ], yLabel: "images").draw(on: c, in: r)
        }
        try save("eda-pixel-histograms", 700, 300) { c, r in
            Histogram(title: "Pixel intensities of the training images, per channel", low: 0, high: 1,
                      series: s.channels.enumerated().map { Histogram.Series(name: $1.name, counts: $1.histogram.map { Double($0) / 1e6 }, color: theme.channels[$0]) },
                      xLabel: "intensity after scaling to [0, 1]", yLabel: "millions of pixels").draw(on: c, in: r)
        }

        // Training curves, one figure per model (seed 0)
        for model in StudyModel.lab {
            guard let run = results.main(model)?.run else { continue }
            try save("curves-\(model.rawValue)", 780, 300) { c, r in
                let panels = r.columns(2, gap: 28)
                let epochs = run.epochs.map { Double($0.epoch) }
                LineChart(title: "\(model.title): loss", xLabel: "epoch", yLabel: "cross-entropy", series: [
                    .init(name: "training (mean over the epoch)", points: zip(epochs, run.epochs.map(\.trainingLoss)).map(Point.init)),
                    .init(name: "validation (after the epoch)", points: zip(epochs, run.epochs.map(\.validationLoss)).map(Point.init), dashed: true),
                ], integerX: true).draw(on: c, in: panels[0])
                LineChart(title: "\(model.title): accuracy", xLabel: "epoch", yLabel: "accuracy", series: [
                    .init(name: "training", points: zip(epochs, run.epochs.map(\.trainingAccuracy)).map(Point.init)),
                    .init(name: "validation", points: zip(epochs, run.epochs.map(\.validationAccuracy)).map(Point.init), dashed: true),
                ], integerX: true).draw(on: c, in: panels[1])
            }
        }

        // Comparison and per-class accuracy
        let mains = StudyModel.lab.compactMap { m in results.main(m).map { (m, $0) } }
        try save("test-accuracy", 560, 300) { c, r in
            BarChart(title: "Test accuracy (seed 0)", categories: mains.map { $0.0.title }, series: [
                .init(name: "test accuracy", values: mains.map { $0.1.testAccuracy }),
            ], yLabel: "accuracy", yRange: (0, 1), valueFormat: "%.3f").draw(on: c, in: r)
        }
        try save("per-class-accuracy", 780, 320) { c, r in
            BarChart(title: "Per-class test accuracy", categories: classes,
                     series: mains.map { BarChart.Series(name: $0.0.title, values: $0.1.perClassAccuracy) },
                     yLabel: "accuracy", yRange: (0, 1)).draw(on: c, in: r)
        }
        for model in [StudyModel.mlp, .cnn3] {
            guard let record = results.main(model) else { continue }
            try save("confusion-\(model.rawValue)", 560, 520) { c, r in
                Heatmap(title: "\(model.title): confusion matrix (test set)", values: record.confusion.map { $0.map(Double.init) },
                        rowLabels: classes, columnLabels: classes, rowTitle: "true class", columnTitle: "predicted class",
                        annotationFormat: "%.0f").draw(on: c, in: r)
            }
        }

        // Learned first-layer filters
        for model in [StudyModel.cnn3, .cnn5] {
            guard let f = results.main(model)?.firstLayerFilters else { continue }
            let grid = FilterGrid(title: "\(model.title): the \(f.filters) first-layer filters (each scaled to its own range)",
                                  weights: f.weights, filters: f.filters, kernelSize: f.kernelSize, channels: f.channels, tile: 44)
            let size = grid.size(on: Canvas(width: 1, height: 1, theme: theme))
            try save("filters-\(model.rawValue)", size.width, size.height) { c, r in grid.draw(on: c, in: r) }
        }

        // The CNN's most confident mistakes
        if let record = results.main(.cnn3) {
            let mistakes = ImageGrid(title: "\(StudyModel.cnn3.title): the most confidently wrong test images", rows: [
                ImageGrid.Row(label: "", images: record.mistakes.prefix(8).map { image(data.test, $0.index) },
                              captions: record.mistakes.prefix(8).map { "\(classes[$0.label]) → \(classes[$0.predicted])\np = \(String(format: "%.2f", $0.confidence))" }),
            ], tile: 72)
            let size = mistakes.size(on: Canvas(width: 1, height: 1))
            let canvas = Canvas(width: size.width, height: size.height, theme: theme)
            mistakes.draw(on: canvas)
            try canvas.save(to: folder.appendingPathComponent("mistakes-cnn3.png"))
            files["mistakes-cnn3"] = "mistakes-cnn3.png"
        }

        // Kernel experiment
        let e = results.experiment
        try save("kernel-experiment", 780, 320) { c, r in
            let panels = r.columns(2, gap: 28)
            BarChart(title: "Test accuracy over \(e.seeds.count) seeds", categories: ["3×3", "5×5"], series: [
                .init(name: "mean ± std", values: [e.accuracy3.mean, e.accuracy5.mean], errors: [e.accuracy3.std, e.accuracy5.std]),
            ], yLabel: "test accuracy", yRange: (0, 1), valueFormat: "%.3f").draw(on: c, in: panels[0])
            func curve(_ model: StudyModel, _ color: Color) -> LineChart.Series {
                let runs = results.runs(model).map(\.run)
                let epochs = runs.map(\.epochs.count).min() ?? 0
                let summaries = (0..<epochs).map { i in SampleSummary(runs.map { $0.epochs[i].validationAccuracy }) }
                return .init(name: model == .cnn3 ? "3×3" : "5×5", points: summaries.enumerated().map { Point(x: Double($0 + 1), y: $1.mean) },
                             color: color, band: summaries.map { ($0.mean - $0.std, $0.mean + $0.std) })
            }
            LineChart(title: "Validation accuracy, mean ± std over seeds", xLabel: "epoch", yLabel: "accuracy",
                      series: [curve(.cnn3, theme.color(0)), curve(.cnn5, theme.color(1))], integerX: true).draw(on: c, in: panels[1])
        }
        if let bias = results.inductiveBias {
            try drawProbes(bias, save: save)
            files["feature-maps"] = try drawFeatureMaps(bias.featureMaps)
        }
        return files
    }

    func image(_ set: ImageSet, _ index: Int) -> RGBImage {
        RGBImage(planar: set.image(index), width: ImageSet.width, height: ImageSet.height)
    }

}
