import Foundation

/// Summary statistics over seeds.
package struct SampleSummary: Codable, Sendable, Equatable {
    package var values: [Double]
    package var mean: Double
    /// Sample standard deviation (n − 1); 0 for a single value.
    package var std: Double

    package init(_ values: [Double]) {
        self.values = values
        mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        let m = mean
        std =
            values.count > 1
            ? (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot() : 0
    }
}
