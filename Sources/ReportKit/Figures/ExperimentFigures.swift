import Figures
import Study

/// A study file's figures: for each experiment, its models' validation accuracy per epoch, the
/// mean over seeds with a band of ± one standard deviation.
struct ExperimentFigures {
    let results: StudyFileResults
    let theme = Theme.standard

    var all: [ReportFigure] { results.experiments.map(curves) }

    func curves(_ experiment: ExperimentResult) -> ReportFigure {
        let series = experiment.rows.map { row in
            LineChart.Series(
                name: row.title,
                points: row.validationCurve.enumerated().map { Point(x: Double($0 + 1), y: $1.mean) },
                band: row.validationCurve.map { ($0.mean - $0.std, $0.mean + $0.std) })
        }
        let seeds = experiment.rows.map(\.seeds.count).max() ?? 0
        return .chart(
            .experiment(experiment.name),
            "\(experiment.title): validation accuracy per epoch, mean over \(seeds) seed\(seeds == 1 ? "" : "s") "
                + "with a band of ± one standard deviation.",
            width: 640, height: 380, theme: theme
        ) { canvas, frame in
            LineChart(
                title: experiment.title, xLabel: "epoch", yLabel: "validation accuracy", series: series,
                integerX: true
            ).draw(on: canvas, in: frame)
        }
    }
}
