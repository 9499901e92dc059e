import Figures
import Study

/// The data set's figures: sample images, class balance, pixel intensities.
extension StudyFigures {
    func exploration() -> [ReportFigure] {
        guard let s = results.statistics else { return [] }
        let classes = s.classNames
        return [
            .imageGrid(
                .samples,
                "Eight training images of each class, enlarged with nearest-neighbour scaling so the 32×32 "
                    + "pixels stay visible.",
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
}
