/// What a study's report holds beyond what every report has (the question and its answers, a
/// section per experiment, the probes asked for, a discussion, why the numbers can be trusted,
/// how to reproduce them): the lab's walk-through sections, each asked for by name.
package struct ReportSelection: Codable, Sendable, Equatable {
    /// An optional part of the report.
    package enum Part: String, Codable, Sendable, CaseIterable {
        /// The data set: class balance, sample images, pixel statistics.
        case data
        /// Each featured model's layers, where its parameters sit and what it costs.
        case architectures
        /// Each featured model's training curves (its lowest seed).
        case training
        /// Test accuracy per model and per class, confusion matrices, learned filters, mistakes,
        /// and accuracy against size over every model.
        case results
        /// The best model, by validation accuracy, packaged for deployment.
        case deployment
    }

    package var parts: [Part]
    /// The models the data, architecture, training and results sections walk through, in order;
    /// empty: every model the experiments compare.
    package var featured: [String]

    package init(parts: [Part] = [], featured: [String] = []) {
        (self.parts, self.featured) = (parts, featured)
    }

    package func has(_ part: Part) -> Bool { parts.contains(part) }
}
