import DocumentKit
import Figures
import Foundation
import Study

/// Which figure: its file is `name`.png in the figures folder.
enum FigureID: Hashable, Sendable {
    case samples, classBalance, pixelHistograms
    case curves(StudyModel)
    case testAccuracy, perClassAccuracy
    case confusion(StudyModel)
    case filters(StudyModel)
    case mistakes(StudyModel)
    case sizeAccuracy
    case translation, permutation, receptiveFields, featureMaps
    /// An experiment, by its name: accuracy over seeds, and validation accuracy per epoch.
    case experiment(String)

    var name: String {
        switch self {
        case .samples: "eda-samples"
        case .classBalance: "eda-class-balance"
        case .pixelHistograms: "eda-pixel-histograms"
        case .curves(let model): "curves-\(model.rawValue)"
        case .testAccuracy: "test-accuracy"
        case .perClassAccuracy: "per-class-accuracy"
        case .confusion(let model): "confusion-\(model.rawValue)"
        case .filters(let model): "filters-\(model.rawValue)"
        case .mistakes(let model): "mistakes-\(model.rawValue)"
        case .sizeAccuracy: "size-accuracy"
        case .translation: "translation"
        case .permutation: "permutation"
        case .receptiveFields: "receptive-fields"
        case .featureMaps: "feature-maps"
        case .experiment(let name): "experiment-\(name)"
        }
    }

    var fileName: String { name + ".png" }
}

/// A figure of the report: which one, its caption, and how it is drawn. The report places it by
/// id and the figure writer draws it from the same entry, so one cannot go without the other.
struct ReportFigure {
    let id: FigureID
    let caption: String
    /// Draws the figure on a canvas of its own size.
    let draw: () -> Canvas

    /// A chart of width × height points, drawn inside the theme's margin.
    static func chart(
        _ id: FigureID, _ caption: String, width: Double, height: Double, theme: Theme,
        _ draw: @escaping (Canvas, Rect) -> Void
    ) -> ReportFigure {
        ReportFigure(id: id, caption: caption) { Canvas.chart(width: width, height: height, theme: theme, draw) }
    }

    /// A grid of images on a canvas of the grid's own size; the images are read only when it is drawn.
    static func imageGrid(
        _ id: FigureID, _ caption: String, theme: Theme, _ makeGrid: @escaping () -> ImageGrid
    ) -> ReportFigure {
        ReportFigure(id: id, caption: caption) {
            let grid = makeGrid()
            let size = grid.size(on: Canvas(width: 1, height: 1, theme: theme))
            let canvas = Canvas(width: size.width, height: size.height, theme: theme)
            grid.draw(on: canvas)
            return canvas
        }
    }
}

extension ReportFigure {
    /// The figure as the report places it: its file under `folder` (relative to the report), captioned.
    func block(under folder: String) -> Block { .figure(path: folder + "/" + id.fileName, caption: caption) }
}
