import CIFAR
import Figures
import Study

/// A study file's figures: for each experiment, its models' validation accuracy per epoch, the
/// mean over seeds with a band of ± one standard deviation; then its probes'.
struct ExperimentFigures {
    let results: StudyFileResults
    /// The data the study ran on: the feature maps show test images.
    let data: CIFAR10
    let theme = Theme.standard

    var all: [ReportFigure] { results.experiments.map(curves) + probes() }

    /// The figures of the probes the study file asked for.
    func probes() -> [ReportFigure] {
        guard let p = results.probes else { return [] }
        let draw = ProbeFigures(theme: theme, classNames: data.classNames, test: data.test)
        var figures: [ReportFigure] = []
        if let t = p.translation { figures.append(draw.translation(t)) }
        if let q = p.permutation { figures.append(draw.permutation(q)) }
        if !p.receptiveFields.isEmpty {
            figures.append(
                draw.receptiveFields(
                    p.receptiveFields,
                    caption: "Mean |∂unit/∂pixel| over test images (brighter is more influence) for each model; "
                        + "the box is the theoretical receptive field."))
        }
        if let maps = p.featureMaps {
            figures.append(draw.featureMaps(maps, caption: "Activation maps of every conv layer for two test images."))
        }
        return figures
    }

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
