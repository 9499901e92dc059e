import CIFAR
import DocumentKit
import Foundation
import Study

/// Writes a study's deliverable under one folder:
///
///     figures/*.png              every figure
///     report/README.md           the report as Markdown (renders on GitHub)
///     report/index.html          the same as one HTML page, figures linked relatively
///     report/report.html         the same page with the figures embedded: one file to send
///     report/results.json        every number the report was written from, and its findings
package struct StudyReport {
    package let root: URL
    package init(root: URL) { self.root = root }

    package var figuresFolder: URL { root.appendingPathComponent("figures") }
    package var reportFolder: URL { root.appendingPathComponent("report") }
    package var resultsFile: URL { reportFolder.appendingPathComponent("results.json") }
    /// Where the run cache lives: beside the deliverable, not in it.
    package var cacheFolder: URL { root.appendingPathComponent(".convlab/runs") }

    /// Writes figures, report and results, with the results' findings computed anew.
    @discardableResult
    package func write(_ results: StudyResults, data: CIFAR10) throws -> [URL] {
        let results = results.withFindings()
        guard let findings = results.findings else { throw StudyError("no findings") }  // withFindings sets them
        let figures = StudyFigures(results: results, data: data).all
        let figureFiles = try ReportFigure.write(figures, to: figuresFolder)
        let document = ReportWriter(
            results: results, findings: findings,
            figures: Dictionary(uniqueKeysWithValues: figures.map { ($0.id, $0) }),
            figurePath: "../figures"
        ).document()
        return try write(document, results: results) + figureFiles.sorted { $0.path < $1.path }
    }

    /// The report's three renderings and its results, each written whole or not at all.
    func write(_ document: Document, results: StudyResults) throws -> [URL] {
        try FileManager.default.createDirectory(at: reportFolder, withIntermediateDirectories: true)
        let markdown = reportFolder.appendingPathComponent("README.md")
        let page = reportFolder.appendingPathComponent("index.html")
        let single = reportFolder.appendingPathComponent("report.html")
        try Data(MarkdownRenderer.render(document).utf8).write(to: markdown, options: .atomic)
        try Data(HTMLRenderer.render(document, imagesRelativeTo: reportFolder).utf8).write(to: page, options: .atomic)
        try Data(HTMLRenderer.render(document, imagesRelativeTo: reportFolder, embed: true).utf8).write(
            to: single, options: .atomic)
        try JSONFile.write(results, to: resultsFile)
        return [markdown, page, single, resultsFile]
    }

    /// The results of the last full run, for `--render-only`: to be re-analysed (`analysed(by:)`).
    package func readResults() throws -> StudyResults {
        guard FileManager.default.fileExists(atPath: resultsFile.path) else {
            throw StudyError(
                "\(resultsFile.path): no results to render; run the study once without --render-only first")
        }
        do { return try JSONFile.read(StudyResults.self, from: resultsFile) } catch {
            throw StudyError(
                "\(resultsFile.path): not the results of this version of ConvLab (\(error)); run the study without "
                    + "--render-only to recompute them")
        }
    }
}
