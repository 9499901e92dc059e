import Figures
import Study

/// Each featured model's training curves.
extension StudyFigures {
    /// Loss and accuracy per epoch, one figure per featured model (its lowest seed).
    func trainingCurves() -> [ReportFigure] {
        results.featured.compactMap { model in
            results.lowestSeedRun(model).map { record in
                let run = record.run
                let title = results.title(model)
                return .chart(
                    .curves(model),
                    "\(title) (seed \(run.configuration.seed)): loss and accuracy per epoch, training and validation.",
                    width: 780, height: 300, theme: theme
                ) { c, r in
                    let panels = r.columns(2, gap: 28)
                    let epochs = run.epochs.map { Double($0.epoch) }
                    LineChart(
                        title: "\(title): loss", xLabel: "epoch", yLabel: "cross-entropy",
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
                        title: "\(title): accuracy", xLabel: "epoch", yLabel: "accuracy",
                        series: [
                            .init(
                                name: "training",
                                points: zip(epochs, run.epochs.map(\.trainingAccuracy)).map(Point.init)),
                            .init(
                                name: "validation",
                                points: zip(epochs, run.epochs.map(\.validationAccuracy)).map(Point.init),
                                dashed: true),
                        ], integerX: true
                    ).draw(on: c, in: panels[1])
                }
            }
        }
    }
}
