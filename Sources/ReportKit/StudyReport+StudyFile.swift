import CIFAR
import DocumentKit
import Foundation
import Study

extension StudyReport {
    /// Writes a study file's figures, report and results.
    @discardableResult
    public func write(_ results: StudyFileResults, data: CIFAR10) throws -> [URL] {
        let figures = ExperimentFigures(results: results, data: data).all
        let figureFiles = try ReportFigure.write(figures, to: figuresFolder)
        let document = StudyFileWriter(
            results: results, figures: Dictionary(uniqueKeysWithValues: figures.map { ($0.id, $0) }),
            figurePath: "../figures"
        ).document()
        return try write(document, results: results) + figureFiles.sorted { $0.path < $1.path }
    }

    /// A study file's last results, for `--render-only`.
    public func readStudyFileResults() throws -> StudyFileResults {
        guard FileManager.default.fileExists(atPath: resultsFile.path) else {
            throw StudyError("\(resultsFile.path): no results to render; run the study once without --render-only")
        }
        do { return try JSONFile.read(StudyFileResults.self, from: resultsFile) } catch {
            throw StudyError(
                "\(resultsFile.path): not a study file's results (\(error)); run the study without --render-only")
        }
    }
}
