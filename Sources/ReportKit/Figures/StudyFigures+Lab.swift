import Figures
import Study

/// The figures of the lab's own comparisons: the data, training curves, test accuracy, confusion
/// matrices, learned filters, mistakes, and kernel size.
extension StudyFigures {
    func exploration() -> [ReportFigure] {
        let s = results.statistics
        let classes = s.classNames
        return [
            .imageGrid(
                .samples,
                "Eight training images of each class, enlarged with nearest-neighbour scaling so the 32×32 pixels stay visible.",
                theme: theme
            ) {
                ImageGrid(
                    title: "Eight training images per class",
                    rows: classes.indices.map { c in
                        let indices = data.training.labels.indices.filter { data.training.labels[$0] == c }.prefix(8)
                        return ImageGrid.Row(label: classes[c], images: indices.map { image(data.training, $0) })
                    }, tile: 40)
            },
            .chart(
                .classBalance, "Images per class in the training and test sets.", width: 760, height: 300, theme: theme
            ) { c, r in
                BarChart(
                    title: "Images per class", categories: classes,
                    series: [
                        .init(
                            name: "training (\(NumberText.grouped(s.trainingCount)))",
                            values: s.trainingClassCounts.map(Double.init)),
                        .init(
                            name: "test (\(NumberText.grouped(s.testCount)))",
                            values: s.testClassCounts.map(Double.init)),
                    ], yLabel: "images"
                ).draw(on: c, in: r)
            },
            .chart(
                .pixelHistograms, "Distribution of pixel intensities per channel over the training set.",
                width: 700, height: 300, theme: theme
            ) { [theme] c, r in
                Histogram(
                    title: "Pixel intensities of the training images, per channel", low: 0, high: 1,
                    series: s.channels.enumerated().map {
                        Histogram.Series(
                            name: $1.name, counts: $1.histogram.map { Double($0) / 1e6 }, color: theme.channels[$0])
                    },
                    xLabel: "intensity after scaling to [0, 1]", yLabel: "millions of pixels"
                ).draw(on: c, in: r)
            },
        ]
    }

    /// Loss and accuracy per epoch, one figure per lab model (seed 0).
    func trainingCurves() -> [ReportFigure] {
        StudyModel.lab.compactMap { model in
            results.lowestSeedRun(model).map { record in
                let run = record.run
                return .chart(
                    .curves(model), "\(model.title): loss and accuracy per epoch, training and validation.",
                    width: 780, height: 300, theme: theme
                ) { c, r in
                    let panels = r.columns(2, gap: 28)
                    let epochs = run.epochs.map { Double($0.epoch) }
                    LineChart(
                        title: "\(model.title): loss", xLabel: "epoch", yLabel: "cross-entropy",
                        series: [
                            .init(
                                name: "training (mean over the epoch)",
                                points: zip(epochs, run.epochs.map(\.trainingLoss)).map(Point.init)),
                            .init(
                                name: "validation (after the epoch)",
                                points: zip(epochs, run.epochs.map(\.validationLoss)).map(Point.init),
                                dashed: true),
                        ], integerX: true
                    ).draw(on: c, in: panels[0])
                    LineChart(
                        title: "\(model.title): accuracy", xLabel: "epoch", yLabel: "accuracy",
                        series: [
                            .init(
                                name: "training",
                                points: zip(epochs, run.epochs.map(\.trainingAccuracy)).map(Point.init)),
                            .init(
                                name: "validation",
                                points: zip(epochs, run.epochs.map(\.validationAccuracy)).map(Point.init), dashed: true),
                        ], integerX: true
                    ).draw(on: c, in: panels[1])
                }
            }
        }
    }

    /// Test accuracy of the lab's models, per class, and the confusion matrices.
    func comparisons() -> [ReportFigure] {
        let classes = results.statistics.classNames
        let mains = StudyModel.lab.compactMap { m in results.lowestSeedRun(m).map { (m, $0) } }
        let accuracy = ReportFigure.chart(
            .testAccuracy, "Test accuracy of the three models (seed 0).", width: 560, height: 300,
            theme: theme
        ) { c, r in
            BarChart(
                title: "Test accuracy (seed 0)", categories: mains.map { $0.0.title },
                series: [
                    .init(name: "test accuracy", values: mains.map { $0.1.testAccuracy })
                ], yLabel: "accuracy", yRange: (0, 1), valueFormat: "%.3f"
            ).draw(on: c, in: r)
        }
        let perClass = ReportFigure.chart(
            .perClassAccuracy, "Test accuracy per class for each model.", width: 780, height: 320,
            theme: theme
        ) { c, r in
            BarChart(
                title: "Per-class test accuracy", categories: classes,
                series: mains.map { BarChart.Series(name: $0.0.title, values: $0.1.perClassAccuracy) },
                yLabel: "accuracy", yRange: (0, 1)
            ).draw(on: c, in: r)
        }
        let captions: [StudyModel: String] = [
            .mlp: "MLP: counts of test images by true (rows) and predicted (columns) class.",
            .cnn3: "CNN, 3×3: the same confusion matrix.",
        ]
        let confusions = [StudyModel.mlp, .cnn3].compactMap { model in
            results.lowestSeedRun(model).map { record in
                ReportFigure.chart(.confusion(model), captions[model]!, width: 560, height: 520, theme: theme) { c, r in
                    Heatmap(
                        title: "\(model.title): confusion matrix (test set)",
                        values: record.confusion.map { $0.map(Double.init) },
                        rowLabels: classes, columnLabels: classes, rowTitle: "true class",
                        columnTitle: "predicted class",
                        annotationFormat: "%.0f"
                    ).draw(on: c, in: r)
                }
            }
        }
        return [accuracy, perClass] + confusions
    }

    /// The first-layer filters of each CNN (seed 0).
    func learnedFilters() -> [ReportFigure] {
        let captions: [StudyModel: String] = [
            .cnn3: "The 3×3 CNN's 32 learned first-layer filters, shown in RGB, each stretched to its own range.",
            .cnn5: "The 5×5 CNN's first-layer filters.",
        ]
        return [StudyModel.cnn3, .cnn5].compactMap { model in
            results.lowestSeedRun(model)?.firstLayerFilters.map { f in
                let grid = FilterGrid(
                    title: "\(model.title): the \(f.filters) first-layer filters (each scaled to its own range)",
                    weights: f.weights, filters: f.filters, kernelSize: f.kernelSize, channels: f.channels, tile: 44)
                let size = grid.size(on: Canvas(width: 1, height: 1, theme: theme))
                return .chart(.filters(model), captions[model]!, width: size.width, height: size.height, theme: theme) {
                    c, r in
                    grid.draw(on: c, in: r)
                }
            }
        }
    }

    /// The CNN's most confident mistakes.
    func mistakes() -> [ReportFigure] {
        guard let record = results.lowestSeedRun(.cnn3) else { return [] }
        let classes = results.statistics.classNames
        let shown = record.mistakes.prefix(8)
        return [
            .imageGrid(
                .mistakes,
                "Test images the 3×3 CNN got wrong with the highest confidence: true → predicted class, and the probability it gave.",
                theme: theme
            ) {
                ImageGrid(
                    title: "\(StudyModel.cnn3.title): the most confidently wrong test images",
                    rows: [
                        ImageGrid.Row(
                            label: "", images: shown.map { image(data.test, $0.index) },
                            captions: shown.map {
                                "\(classes[$0.label]) → \(classes[$0.predicted])\np = \(String(format: "%.2f", $0.confidence))"
                            })
                    ], tile: 72)
            }
        ]
    }

    /// 3×3 against 5×5: accuracy over seeds, and validation curves with a seed band.
    func kernelExperiment() -> ReportFigure {
        let e = results.experiment
        return .chart(
            .kernelExperiment,
            "Left: final test accuracy, mean ± standard deviation over seeds. Right: validation accuracy per epoch, mean with a ±1 std band.",
            width: 780, height: 320, theme: theme
        ) { [results, theme] c, r in
            let panels = r.columns(2, gap: 28)
            BarChart(
                title: "Test accuracy over \(e.seeds.count) seeds", categories: ["3×3", "5×5"],
                series: [
                    .init(
                        name: "mean ± std", values: [e.accuracy3.mean, e.accuracy5.mean],
                        errors: [e.accuracy3.std, e.accuracy5.std])
                ], yLabel: "test accuracy", yRange: (0, 1), valueFormat: "%.3f"
            ).draw(on: c, in: panels[0])
            func curve(_ model: StudyModel, _ color: Color) -> LineChart.Series {
                let runs = results.runs(model).map(\.run)
                let epochs = runs.map(\.epochs.count).min() ?? 0
                let summaries = (0..<epochs).map { i in SampleSummary(runs.map { $0.epochs[i].validationAccuracy }) }
                return .init(
                    name: model == .cnn3 ? "3×3" : "5×5",
                    points: summaries.enumerated().map { Point(x: Double($0 + 1), y: $1.mean) },
                    color: color, band: summaries.map { ($0.mean - $0.std, $0.mean + $0.std) })
            }
            LineChart(
                title: "Validation accuracy, mean ± std over seeds", xLabel: "epoch", yLabel: "accuracy",
                series: [curve(.cnn3, theme.color(0)), curve(.cnn5, theme.color(1))], integerX: true
            ).draw(on: c, in: panels[1])
        }
    }
}
