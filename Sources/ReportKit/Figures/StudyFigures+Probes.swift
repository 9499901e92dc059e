import Figures
import Study

/// The figures of the lab's inductive-bias probes.
extension StudyFigures {
    func probes(_ bias: InductiveBias) -> [ReportFigure] {
        let probe = ProbeFigures(theme: theme, classNames: results.statistics.classNames, test: data.test)
        return [
            probe.translation(bias.translation), probe.permutation(bias.permutation), ablationScatter(bias.ablation),
            probe.receptiveFields(
                bias.receptiveFields,
                caption: "Mean |∂unit/∂pixel| over test images (brighter is more influence) for the 3×3 and 5×5 "
                    + "CNNs; the box is the theoretical receptive field."),
            probe.featureMaps(bias.featureMaps, caption: "Activation maps of both conv layers for two test images."),
        ]
    }

    func ablationScatter(_ table: AblationTable) -> ReportFigure {
        .chart(
            .ablationScatter, "Every model's test accuracy (mean ± std over seeds) against its parameter count.",
            width: 780, height: 400, theme: theme
        ) { [theme] c, r in
            ScatterChart(
                title: "Test accuracy against parameters (mean ± std over seeds)",
                xLabel: "parameters", yLabel: "test accuracy",
                points: table.rows.enumerated().map { i, row in
                    // Palette colour 6 is yellow, too pale for a point on white.
                    .init(
                        x: Double(row.parameters), y: row.accuracy.mean, error: row.accuracy.std,
                        label: row.model.shortName,
                        color: theme.color(i < 6 ? i : i + 1))
                },
                xTickLabel: { "\(Int(($0 / 1000).rounded()))k" }
            ).draw(on: c, in: r)
        }
    }
}
