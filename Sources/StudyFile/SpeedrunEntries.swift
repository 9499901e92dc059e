import NeuralNet
import Study

/// The `training:` settings of airbench's recipe (legacy/airbench94.py), each with airbench's
/// values as its defaults: a fractional number of epochs, SGD, the linear schedule, label
/// smoothing, Lookahead, the whitening layer's initialisation and dropping the last batch.
enum SpeedrunEntries {
    /// `epochs: 10`, or `epochs: 9.9`: 10 passes, the last stopping part-way.
    static func epochs(_ field: Field) throws -> (passes: Int, fraction: Double?) {
        if field.node.int != nil { return (try field.int(atLeast: 1), nil) }
        let epochs = try field.double(in: 0.01...10_000)
        let passes = Int(epochs.rounded(.up))
        return (passes, Double(passes) == epochs ? nil : epochs)
    }

    /// nil for `adam`; SGD for `sgd` (airbench's values) or `{sgd: {learning_rate, momentum,
    /// weight_decay, norm_bias_rate}}`. `adamSettings`: a top-level `learning_rate` or
    /// `weight_decay`, which are Adam's.
    static func optimizer(_ field: Field, adamSettings: Field?) throws -> SGDTraining? {
        let sgd: SGDTraining?
        if case .scalar = field.node {
            sgd = try field.choice(["adam", "sgd"]) == "sgd" ? .airbench : nil
        } else {
            let kinds = try field.fields(allowed: ["sgd"], what: "optimizer")
            sgd = try kinds["sgd"].map(sgdSettings) ?? .airbench
        }
        if sgd != nil, let adamSettings {
            throw adamSettings.error(
                "learning_rate and weight_decay here are Adam's, and this study trains with SGD",
                fix: "give SGD's inside the optimizer: `optimizer: {sgd: {learning_rate: 11.5, weight_decay: 0.0153}}`")
        }
        return sgd
    }

    private static func sgdSettings(_ field: Field) throws -> SGDTraining {
        let f = try field.fields(
            allowed: ["learning_rate", "momentum", "weight_decay", "norm_bias_rate"], what: "sgd setting")
        let airbench = SGDTraining.airbench
        return SGDTraining(
            learningRate: try f["learning_rate"]?.double(in: 1e-6...1000) ?? airbench.learningRate,
            momentum: try f["momentum"]?.double(in: 0...1, excludingUpper: true) ?? airbench.momentum,
            weightDecay: try f["weight_decay"]?.double(in: 0...10) ?? airbench.weightDecay,
            normBiasRateFactor: try f["norm_bias_rate"]?.double(in: 1e-3...1e4) ?? airbench.normBiasRateFactor)
    }

    /// `{linear: {warmup: 0.23, start: 0.2, end: 0.07}}`: the factor of the rate, from `start` to 1
    /// over the first `warmup` of the steps, then to `end`.
    static func linearSchedule(_ field: Field) throws -> LearningRateSchedule {
        guard case .linear(let warmup, let start, let end) = LearningRateSchedule.airbench else { return .airbench }
        if field.node.null != nil { return .airbench }
        let f = try field.fields(allowed: ["warmup", "start", "end"], what: "linear setting")
        return .linear(
            warmup: try f["warmup"]?.double(in: 0...1, excludingUpper: true) ?? warmup,
            start: try f["start"]?.double(in: 0...1) ?? start, end: try f["end"]?.double(in: 0...1) ?? end)
    }

    /// `label_smoothing`, `lookahead`, `whitening`, `drop_last`, `test_time_augmentation` and
    /// `initialisation` (`keras`, the default, or `airbench`), where given.
    static func parse(_ f: [String: Field], into recipe: inout TrainingRecipe) throws {
        if let field = f["label_smoothing"] {
            let e = try field.double(in: 0...1, excludingUpper: true)
            recipe.labelSmoothing = e == 0 ? nil : e
        }
        if let field = f["lookahead"] { recipe.lookahead = try lookahead(field) }
        if let field = f["whitening"] { recipe.whitening = try whitening(field) }
        if let field = f["drop_last"] { recipe.dropsLastBatch = try field.bool() ? true : nil }
        if let field = f["initialisation"] {
            let names = ["keras"] + WeightInitialisation.allCases.map(\.rawValue)
            recipe.initialisation = WeightInitialisation(rawValue: try field.choice(names))
        }
        if let field = f["test_time_augmentation"] {
            let views = try field.choice(of: TestTimeAugmentation.self)
            recipe.testTimeAugmentation = views == TestTimeAugmentation.none ? nil : views
        }
    }

    /// `true` (airbench's: every 5 steps, decay 0.95, power 3), `false`, or `{every, decay, power}`.
    private static func lookahead(_ field: Field) throws -> LookaheadSchedule? {
        if case .scalar = field.node { return try field.bool() ? LookaheadSchedule() : nil }
        let f = try field.fields(allowed: ["every", "decay", "power"], what: "lookahead setting")
        let airbench = LookaheadSchedule()
        return LookaheadSchedule(
            every: try f["every"]?.int(atLeast: 1) ?? airbench.every,
            decay: try f["decay"]?.double(in: 0...1) ?? airbench.decay,
            power: try f["power"]?.double(in: 0...100) ?? airbench.power)
    }

    /// `true` (from 5,000 images, the bias trained 3 epochs), `false`, or `{images, bias_epochs}`.
    private static func whitening(_ field: Field) throws -> WhiteningInitialisation? {
        if case .scalar = field.node { return try field.bool() ? WhiteningInitialisation() : nil }
        let f = try field.fields(allowed: ["images", "bias_epochs"], what: "whitening setting")
        let airbench = WhiteningInitialisation()
        return WhiteningInitialisation(
            images: try f["images"]?.int(atLeast: 1) ?? airbench.images,
            biasEpochs: try f["bias_epochs"]?.int(atLeast: 0) ?? airbench.biasEpochs)
    }
}
