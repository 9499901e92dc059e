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
public struct StudyReport {
    public let root: URL
    public init(root: URL) { self.root = root }

    public var figuresFolder: URL { root.appendingPathComponent("figures") }
    public var reportFolder: URL { root.appendingPathComponent("report") }
    public var resultsFile: URL { reportFolder.appendingPathComponent("results.json") }
    /// Where the run cache lives: beside the deliverable, not in it.
    public var cacheFolder: URL { root.appendingPathComponent(".convlab/runs") }

    /// Writes figures, report and results; `results` must carry their findings (`withFindings()`).
    @discardableResult
    public func write(_ results: StudyResults, data: CIFAR10) throws -> [URL] {
        guard let findings = results.findings else {
            throw StudyError("results without findings: compute them with withFindings()")
        }
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
    func write<Results: Encodable>(_ document: Document, results: Results) throws -> [URL] {
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

    /// The results of the last full run, for `--render-only`, with their findings computed anew.
    public func readResults() throws -> StudyResults {
        guard FileManager.default.fileExists(atPath: resultsFile.path) else {
            throw StudyError("\(resultsFile.path): no results to render; run `report` once without --render-only first")
        }
        do { return try JSONFile.read(StudyResults.self, from: resultsFile).withFindings() } catch {
            throw StudyError(
                "\(resultsFile.path): unreadable (\(error)); run `report` without --render-only to recompute it")
        }
    }
}
