/// Every model of the study on the original images, over its seeds: size, cost, time and
/// accuracy, each compared with `cnn3`, the lab's CNN, which every ablation changes in one way.
public struct AblationTable: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var model: StudyModel
        public var parameters: Int
        public var multiplyAccumulates: Int
        public var epochSeconds: SampleSummary
        public var accuracy: SampleSummary
        /// This model minus cnn3; nil for cnn3 itself.
        public var versusCNN3: WelchTest?
    }

    public var rows: [Row]

    public init(models: [ModelDescription], runs: (StudyModel) -> [RunRecord]) {
        let reference = SampleSummary(runs(.cnn3).map(\.testAccuracy))
        rows = models.compactMap { d in
            let records = runs(d.model)
            guard !records.isEmpty else { return nil }
            let accuracy = SampleSummary(records.map(\.testAccuracy))
            return Row(
                model: d.model, parameters: d.parameters, multiplyAccumulates: d.multiplyAccumulates,
                epochSeconds: SampleSummary(records.map(\.meanEpochSeconds)), accuracy: accuracy,
                versusCNN3: d.model == .cnn3 ? nil : WelchTest(accuracy, reference))
        }
    }

    public func row(_ model: StudyModel) -> Row? { rows.first { $0.model == model } }
}
