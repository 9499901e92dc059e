/// Every model of the study on the images as they are, over its seeds: size, cost, time and
/// accuracy, and what size and accuracy have to do with each other across them.
package struct SizeAccuracy: Codable, Sendable, Equatable {
    package struct Row: Codable, Sendable, Equatable {
        package var model: StudyModel
        package var parameters: Int
        package var multiplyAccumulates: Int
        package var epochSeconds: SampleSummary
        package var accuracy: SampleSummary
    }

    package var rows: [Row]
    /// The most accurate model, and the most accurate per parameter (leaving out models without
    /// convolutions when there are convolutional ones, as a dense model's accuracy per parameter
    /// is not the question).
    package var mostAccurate, mostAccuratePerParameter: StudyModel?
    /// Pearson's r of parameter count with mean accuracy across the models.
    /// Nil where it is undefined (fewer than two models, or no spread in size or accuracy): JSON
    /// has no NaN.
    package var parameterAccuracyCorrelation: Double?

    /// |r| below this: where the parameters sit matters more than how many there are.
    package static let weakCorrelation = 0.5
    package var correlationIsWeak: Bool { abs(parameterAccuracyCorrelation ?? 0) < Self.weakCorrelation }

    /// Three models or more: enough for a pattern across them.
    package var showsAPattern: Bool { rows.count >= 3 }

    init(_ models: [ModelDescription], runs: [RunRecord]) {
        rows = models.compactMap { d in
            let records = runs.of(d.model)
            guard !records.isEmpty else { return nil }
            return Row(
                model: d.model, parameters: d.parameters, multiplyAccumulates: d.multiplyAccumulates,
                epochSeconds: SampleSummary(records.map(\.meanEpochSeconds)),
                accuracy: SampleSummary(records.map(\.testAccuracy)))
        }
        let convolutional = Set(models.filter(\.isConvolutional).map(\.model))
        let lean = rows.filter { convolutional.isEmpty || convolutional.contains($0.model) }
        mostAccurate = rows.max { $0.accuracy.mean < $1.accuracy.mean }?.model
        mostAccuratePerParameter =
            lean.max { $0.accuracy.mean / Double($0.parameters) < $1.accuracy.mean / Double($1.parameters) }?.model
        let r = Self.correlation(rows.map { Double($0.parameters) }, rows.map(\.accuracy.mean))
        parameterAccuracyCorrelation = r.isNaN ? nil : r
    }

    package func row(_ model: StudyModel) -> Row? { rows.first { $0.model == model } }

    /// Pearson's r; nan for fewer than two points or no spread.
    package static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        return x.count > 1 && sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
    }
}
