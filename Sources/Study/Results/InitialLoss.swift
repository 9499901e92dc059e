import Foundation

/// Where a model's loss started, against ln 10: the cross-entropy of a network that favours no class.
package struct InitialLoss: Codable, Sendable, Equatable {
    package var model: StudyModel
    /// Over the runs that recorded it (runs cached before ConvLab recorded it have none).
    package var loss: SampleSummary
    package var runs: Int
    package var minusLn10: Double { loss.mean - Foundation.log(10.0) }

    package init(_ model: StudyModel, records: [RunRecord]) {
        let runs = records.of(model)
        self.model = model
        loss = SampleSummary(runs.compactMap(\.run.initialLoss))
        self.runs = runs.count
    }
}
