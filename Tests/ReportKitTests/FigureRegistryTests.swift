import CIFAR
import ConvLabTestSupport
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

    /// Blank images: enough to make the registry (nothing is drawn here).
    let data = CIFAR10.blank()

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
        #expect(figures.count == 21)
    }

    @Test func aFigureWithoutItsDataLeavesNoDanglingReference() throws {
        var results = try committedResults()
        results.probes = nil
        results = results.withFindings()
        let figures = StudyFigures(results: results, data: data).all
        let referenced = Set(figurePaths(try document(results, figures).sections))
        #expect(referenced == Set(figures.map { "figures/" + $0.id.fileName }))
        #expect(!referenced.contains("figures/translation.png"))
    }

    @Test func aReportWithoutTheOptionalSectionsDrawsOnlyItsExperimentsAndProbes() throws {
        var results = try committedResults()
        results.report = ReportSelection()
        results = results.withFindings()
        let figures = StudyFigures(results: results, data: data).all
        #expect(
            Set(figurePaths(try document(results, figures).sections))
                == Set(figures.map { "figures/" + $0.id.fileName }))
        #expect(figures.count == results.experiments.count + 4)
    }
}
