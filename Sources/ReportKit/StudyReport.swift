import CIFAR
import Foundation
import Study

/// Writes a study's deliverable under one folder:
///
///     figures/*.png              every figure
///     report/README.md           the report as Markdown (renders on GitHub)
///     report/index.html          the same as one HTML page, figures linked relatively
///     report/report.html         the same page with the figures embedded: one file to send
///     report/results.json        every number the report was written from
public struct StudyReport {
    public let root: URL
    public init(root: URL) { self.root = root }

    public var figuresFolder: URL { root.appendingPathComponent("figures") }
    public var reportFolder: URL { root.appendingPathComponent("report") }
    public var resultsFile: URL { reportFolder.appendingPathComponent("results.json") }
    /// Where the run cache lives: beside the deliverable, not in it.
    public var cacheFolder: URL { root.appendingPathComponent(".convlab/runs") }

    @discardableResult
    public func write(_ results: StudyResults, data: CIFAR10) throws -> [URL] {
        let figures = try StudyFigures(results: results, data: data, folder: figuresFolder).drawAll()
        let document = ReportWriter(results: results, figures: figures, figurePath: "../figures").document()
        try FileManager.default.createDirectory(at: reportFolder, withIntermediateDirectories: true)
        let markdown = reportFolder.appendingPathComponent("README.md")
        let page = reportFolder.appendingPathComponent("index.html")
        let single = reportFolder.appendingPathComponent("report.html")
        try Data(MarkdownRenderer.render(document).utf8).write(to: markdown, options: .atomic)
        try Data(HTMLRenderer.render(document, imagesRelativeTo: reportFolder).utf8).write(to: page, options: .atomic)
        try Data(HTMLRenderer.render(document, imagesRelativeTo: reportFolder, embed: true).utf8).write(to: single, options: .atomic)
        try JSONFile.write(results, to: resultsFile)
        return [markdown, page, single, resultsFile] + figures.values.sorted().map { figuresFolder.appendingPathComponent($0) }
    }

    /// The results of the last full run, for `--render-only`.
    public func readResults() throws -> StudyResults {
        guard FileManager.default.fileExists(atPath: resultsFile.path) else {
            throw StudyError("\(resultsFile.path): no results to render; run `report` once without --render-only first")
        }
        do { return try JSONFile.read(StudyResults.self, from: resultsFile) } catch {
            throw StudyError("\(resultsFile.path): unreadable (\(error)); run `report` without --render-only to recompute it")
        }
    }
}
