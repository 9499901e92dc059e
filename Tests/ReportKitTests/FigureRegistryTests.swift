import CIFAR
import DocumentKit
import Foundation
import Study
import Testing

@testable import ReportKit

/// The report places figures from the same registry the figure writer draws: every figure the
/// document references is one the writer draws, and the writer draws none the document leaves out.
@Suite struct FigureRegistryTests {
    /// The committed study's results: every kind of figure, with the probes.
    func committedResults() throws -> StudyResults {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../report/results.json")
        return try JSONFile.read(StudyResults.self, from: file).withFindings()
    }

    /// Ten blank images: enough to make the registry (nothing is drawn here).
    let data: CIFAR10 = {
        let images = ImageSet(
            pixels: [UInt8](repeating: 0, count: 10 * ImageSet.bytesPerImage), labels: (0..<10).map(UInt8.init))
        return CIFAR10(
            directory: URL(fileURLWithPath: "/blank"), classNames: (0..<10).map { "c\($0)" }, training: images,
            test: images)
    }()

    func figurePaths(_ sections: [Section]) -> [String] {
        sections.flatMap { section in
            section.blocks.compactMap { if case .figure(let path, _) = $0 { path } else { nil } }
                + figurePaths(section.subsections)
        }
    }

    func document(_ results: StudyResults, _ figures: [ReportFigure]) throws -> Document {
        ReportWriter(
            results: results, findings: try #require(results.findings),
            figures: Dictionary(uniqueKeysWithValues: figures.map { ($0.id, $0) }), figurePath: "figures"
        ).document()
    }

    @Test func everyDrawnFigureIsReferencedOnceAndNoOtherIs() throws {
        let results = try committedResults()
        let figures = StudyFigures(results: results, data: data).all
        let referenced = figurePaths(try document(results, figures).sections)
        #expect(referenced.count == Set(referenced).count, "a figure placed twice")
        #expect(Set(referenced) == Set(figures.map { "figures/" + $0.id.fileName }))
        #expect(figures.count == 19)
    }

    @Test func aFigureWithoutItsDataLeavesNoDanglingReference() throws {
        var results = try committedResults()
        results.inductiveBias = nil
        results = results.withFindings()
        let figures = StudyFigures(results: results, data: data).all
        let referenced = Set(figurePaths(try document(results, figures).sections))
        #expect(referenced == Set(figures.map { "figures/" + $0.id.fileName }))
        #expect(!referenced.contains("figures/translation.png"))
    }
}
