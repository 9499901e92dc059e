import Figures
import Study

/// The results' figures: test accuracy, per class, confusion matrices, learned filters, mistakes,
/// and accuracy against size.
extension StudyFigures {
    /// Test accuracy of the featured models (lowest seeds), per class, and the lead comparison's
    /// confusion matrices.
    func comparisons() -> [ReportFigure] {
        guard let classes = results.statistics?.classNames else { return [] }
        let mains = results.featured.compactMap { m in results.lowestSeedRun(m).map { (results.title(m), $0) } }
        let accuracy = ReportFigure.chart(
            .testAccuracy, "Test accuracy of each model (seed 0).", width: 560, height: 300, theme: theme
        ) { c, r in
            BarChart(
                title: "Test accuracy (seed 0)", categories: mains.map(\.0),
                series: [.init(name: "test accuracy", values: mains.map { $0.1.testAccuracy })], yLabel: "accuracy",
                yRange: (0, 1), valueFormat: "%.3f"
            ).draw(on: c, in: r)
        }
        let perClass = ReportFigure.chart(
            .perClassAccuracy, "Test accuracy per class for each model (seed 0).", width: 780, height: 320,
            theme: theme
        ) { c, r in
            BarChart(
                title: "Per-class test accuracy", categories: classes,
                series: mains.map { BarChart.Series(name: $0.0, values: $0.1.perClassAccuracy) },
                yLabel: "accuracy", yRange: (0, 1)
            ).draw(on: c, in: r)
        }
        let lead = results.findings?.classes.map { [$0.baseline, $0.model] } ?? []
        let confusions = lead.compactMap { model in
            results.lowestSeedRun(model).map { record in
                let title = results.title(model)
                return ReportFigure.chart(
                    .confusion(model),
                    "\(title): counts of test images by true (rows) and predicted (columns) class (seed 0).",
                    width: 560, height: 520, theme: theme
                ) { c, r in
                    Heatmap(
                        title: "\(title): confusion matrix (test set)",
                        values: record.confusion.map { $0.map(Double.init) },
                        rowLabels: classes, columnLabels: classes, rowTitle: "true class",
                        columnTitle: "predicted class", annotationFormat: "%.0f"
                    ).draw(on: c, in: r)
                }
            }
        }
        return [accuracy, perClass] + confusions
    }

    /// The first-layer filters of each featured convolutional model (its lowest seed).
    func learnedFilters() -> [ReportFigure] {
        results.featured.compactMap { model in
            results.lowestSeedRun(model)?.firstLayerFilters.map { f in
                let title = results.title(model)
                let grid = FilterGrid(
                    title: "\(title): the \(f.filters) first-layer filters (each scaled to its own range)",
                    weights: f.weights, filters: f.filters, kernelSize: f.kernelSize, channels: f.channels, tile: 44)
                let size = grid.size(on: Canvas(width: 1, height: 1, theme: theme))
                return .chart(
                    .filters(model),
                    "\(title): the \(f.filters) learned first-layer filters, shown in RGB, each stretched to its own "
                        + "range.", width: size.width, height: size.height, theme: theme
                ) { c, r in
                    grid.draw(on: c, in: r)
                }
            }
        }
    }

    /// The lead model's most confident mistakes.
    func mistakes() -> [ReportFigure] {
        guard let model = results.findings?.classes?.model, let record = results.lowestSeedRun(model),
            let classes = results.statistics?.classNames
        else { return [] }
        let shown = record.mistakes.prefix(8)
        let title = results.title(model)
        return [
            .imageGrid(
                .mistakes(model),
                "Test images \(title) got wrong with the highest confidence: true → predicted class, and the "
                    + "probability it gave.", theme: theme
            ) {
                ImageGrid(
                    title: "\(title): the most confidently wrong test images",
                    rows: [
                        ImageGrid.Row(
                            label: "", images: shown.map { image(data.test, $0.index) },
                            captions: shown.map {
                                "\(classes[$0.label]) → \(classes[$0.predicted])\np = "
                                    + String(format: "%.2f", $0.confidence)
                            })
                    ], tile: 72)
            }
        ]
    }

    /// Every model's accuracy against its parameter count.
    func sizeAccuracy() -> [ReportFigure] {
        guard let table = results.findings?.sizeAccuracy, table.showsAPattern else { return [] }
        return [
            .chart(
                .sizeAccuracy, "Every model's test accuracy (mean ± std over seeds) against its parameter count.",
                width: 780, height: 400, theme: theme
            ) { [theme, results] c, r in
                ScatterChart(
                    title: "Test accuracy against parameters (mean ± std over seeds)",
                    xLabel: "parameters", yLabel: "test accuracy",
                    points: table.rows.enumerated().map { i, row in
                        // Palette colour 6 is yellow, too pale for a point on white.
                        .init(
                            x: Double(row.parameters), y: row.accuracy.mean, error: row.accuracy.std,
                            label: results.label(row.model), color: theme.color(i < 6 ? i : i + 1))
                    },
                    xTickLabel: { "\(Int(($0 / 1000).rounded()))k" }
                ).draw(on: c, in: r)
            }
        ]
    }
}
