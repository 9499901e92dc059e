import CIFAR
import Figures
import Foundation
import Imaging
import Study

/// Every figure of the report, drawn from the results (and the data, for sample images): the
/// registry that both the figure writer and the report read.
struct StudyFigures {
    let results: StudyResults
    let data: CIFAR10
    let theme = Theme.standard

    /// Every figure these results can show, in report order.
    var all: [ReportFigure] {
        let report = results.report
        return (report.has(.data) ? exploration() : []) + (report.has(.training) ? trainingCurves() : [])
            + (report.has(.results) ? comparisons() + learnedFilters() + mistakes() + sizeAccuracy() : [])
            + results.experiments.map(experiment) + probes()
    }

    func image(_ set: ImageSet, _ index: Int) -> RGBImage {
        RGBImage(planar: set.image(index), width: ImageSet.width, height: ImageSet.height)
    }

    /// The figures of the probes the study file asks for.
    func probes() -> [ReportFigure] {
        guard let p = results.probes else { return [] }
        let draw = ProbeFigures(
            theme: theme, classNames: data.classNames, test: data.test, title: results.title, label: results.label)
        var figures: [ReportFigure] = []
        if let t = p.translation { figures.append(draw.translation(t)) }
        if let q = p.permutation { figures.append(draw.permutation(q)) }
        if !p.receptiveFields.isEmpty {
            figures.append(
                draw.receptiveFields(
                    p.receptiveFields,
                    caption: "Mean |∂unit/∂pixel| over test images (brighter is more influence) for "
                        + p.receptiveFields.map { results.title($0.model) }.joined(separator: " and ")
                        + "; the box is the theoretical receptive field."))
        }
        if let maps = p.featureMaps {
            figures.append(
                draw.featureMaps(
                    maps,
                    caption: "Activation maps of every conv layer of \(results.title(maps.model)) for two test "
                        + "images."))
        }
        return figures
    }
}
