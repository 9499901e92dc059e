import Figures
import Study

/// An experiment's figure: accuracy at the study's end point over seeds, and validation accuracy per epoch.
extension StudyFigures {
    func experiment(_ e: ExperimentResult) -> ReportFigure {
        let counts = e.rows.map(\.seeds.count)
        let (fewest, most) = (counts.min() ?? 0, counts.max() ?? 0)
        let over = fewest == most ? "\(most) seed\(most == 1 ? "" : "s")" : "\(fewest) to \(most) seeds"
        let overTime = e.curves == .time
        let along =
            overTime
            ? "after each epoch, placed at the mean training time to that epoch's end (evaluation not counted)"
            : "per epoch"
        return .chart(
            .experiment(e.name),
            "\(e.title) — left: \(results.endPoint.phrase), mean ± standard deviation over \(over); right: validation "
                + "accuracy \(along), the mean over the runs that reached it, with a band of ± one standard "
                + "deviation.",
            width: 780, height: 320, theme: theme
        ) { [theme, results] c, r in
            let panels = r.columns(2, gap: 28)
            let labels = e.rows.map { results.label($0.model) }
            BarChart(
                title: "Test accuracy over \(over)", categories: labels,
                series: [
                    .init(name: "mean ± std", values: e.rows.map(\.accuracy.mean), errors: e.rows.map(\.accuracy.std))
                ], yLabel: "test accuracy", yRange: (0, 1), valueFormat: "%.3f"
            ).draw(on: c, in: panels[0])
            let series = zip(e.rows, labels).enumerated().map { i, pair in
                LineChart.Series(
                    name: pair.1,
                    points: pair.0.validationCurve.enumerated().map { epoch, accuracy in
                        let minutes = overTime ? pair.0.elapsedSeconds.map { $0[epoch] / 60 } : nil
                        return Point(x: minutes ?? Double(epoch + 1), y: accuracy.mean)
                    },
                    color: theme.color(i < 6 ? i : i + 1),
                    band: pair.0.validationCurve.map { ($0.mean - $0.std, $0.mean + $0.std) })
            }
            LineChart(
                title: "Validation accuracy, mean ± std over seeds", xLabel: overTime ? "training minutes" : "epoch",
                yLabel: "accuracy", series: series, integerX: !overTime
            ).draw(on: c, in: panels[1])
        }
    }
}
