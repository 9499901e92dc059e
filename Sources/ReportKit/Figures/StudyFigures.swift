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
        exploration() + trainingCurves() + comparisons() + learnedFilters() + mistakes() + [kernelExperiment()]
            + (results.inductiveBias.map(probes) ?? [])
    }

    func image(_ set: ImageSet, _ index: Int) -> RGBImage {
        RGBImage(planar: set.image(index), width: ImageSet.width, height: ImageSet.height)
    }
}
