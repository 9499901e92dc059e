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
        let document = ReportWriter(
            results: results, findings: findings,
            figures: Dictionary(uniqueKeysWithValues: figures.map { ($0.id, $0) }),
            figurePath: "../figures"
        ).document()
        return try StagedFiles.writing { files in
            for figure in figures {
                try files.add(figure.draw().pngData(), at: figuresFolder.appendingPathComponent(figure.id.fileName))
            }
            try write(document, results: results, into: &files)
        }
    }

    /// The report's three renderings and its results, after its figures (`files` holds them, for
    /// the pages to read): all of them written, or (a full disk, a read-only folder) none, the
    /// previous report left as it was.
    func write(_ document: Document, results: StudyResults, into files: inout StagedFiles) throws {
        let staged = files
        let html = { (embed: Bool) in
            Data(
                try HTMLRenderer.render(
                    document, imagesRelativeTo: reportFolder, embed: embed, locate: staged.location(of:)
                ).utf8)
        }
        try files.add(
            Data(MarkdownRenderer.render(document).utf8), at: reportFolder.appendingPathComponent("README.md"))
        try files.add(try html(false), at: reportFolder.appendingPathComponent("index.html"))
        try files.add(try html(true), at: reportFolder.appendingPathComponent("report.html"))
        try files.add(JSONFile.encoded(results), at: resultsFile)
    }

    /// The results of the last full run, for `--render-only`: to be re-analysed (`analysed(by:)`).
    package func readResults() throws -> StudyResults {
        guard FileManager.default.fileExists(atPath: resultsFile.path) else {
            throw StudyError(
                "\(resultsFile.path): no results to render; run the study once without --render-only first")
        }
        do { return try JSONFile.read(StudyResults.self, from: resultsFile) } catch {
            throw StudyError(
                "\(resultsFile.path): damaged, or not the results of this version of ConvLab "
                    + "(\(JSONFile.reason(error))); run the study without --render-only to recompute them "
                    + "(its runs are read back from the run cache)")
        }
    }
}
