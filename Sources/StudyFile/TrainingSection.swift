import NeuralNet
import Study

/// `training:` — how every run of the study trains:
///
///     training:
///       epochs: 20
///       batch: 64
///       learning_rate: 0.001
///       weight_decay: 0.0001          # AdamW; leave out for Adam
///       schedule: {cosine: {warmup: 1}}   # or constant, or {step: {every: 5, factor: 0.5}}
///       augmentation: {crop_padding: 4, flips: true}   # or true, or false
///       early_stopping: {patience: 3}
enum TrainingSection {
    static let keys = [
        "epochs", "batch", "optimizer", "learning_rate", "weight_decay", "schedule", "augmentation", "early_stopping",
    ]

    /// The recipe `base` with the settings `field` gives.
    static func parse(_ field: Field, base: TrainingRecipe = TrainingRecipe()) throws -> TrainingRecipe {
        let f = try field.fields(allowed: keys, what: "training setting")
        var recipe = base
        recipe.epochs = try f["epochs"]?.int(atLeast: 1) ?? recipe.epochs
        recipe.batchSize = try f["batch"]?.int(atLeast: 1) ?? recipe.batchSize
        _ = try f["optimizer"]?.choice(["adam"])
        recipe.optimizer.learningRate =
            try f["learning_rate"]?.double(in: 1e-8...10) ?? recipe.optimizer.learningRate
        if let decay = f["weight_decay"] { recipe.optimizer.weightDecay = try decay.double(in: 0...1) }
        if let field = f["schedule"] { recipe.schedule = try schedule(field) }
        if let schedule = recipe.schedule {
            do { try schedule.validate(epochs: recipe.epochs) } catch {
                throw (f["schedule"] ?? f["epochs"] ?? field).error(
                    "\(error)", fix: "change the schedule or the number of epochs")
            }
        }
        if let field = f["augmentation"] { recipe.augmentation = try augmentation(field) }
        if let field = f["early_stopping"] { recipe.earlyStopping = try earlyStopping(field) }
        return recipe
    }

    static func schedule(_ field: Field) throws -> LearningRateSchedule {
        if case .scalar = field.node {
            _ = try field.choice(["constant"])
            return .constant
        }
        let kinds = try field.mapping(allowed: ["step", "cosine"], what: "schedule")
        guard kinds.count == 1, let (kind, setting) = kinds.first else {
            throw field.error("a schedule is one of step or cosine", fix: "keep one of them")
        }
        if kind == "cosine" {
            let f = try setting.fields(allowed: ["warmup"], what: "cosine setting")
            return .cosine(warmupEpochs: try f["warmup"]?.int(atLeast: 0) ?? 0)
        }
        let f = try setting.fields(allowed: ["every", "factor"], what: "step setting")
        guard let every = f["every"], let factor = f["factor"] else {
            throw setting.error(
                "a step schedule needs every and factor", fix: "write `{step: {every: 5, factor: 0.5}}`")
        }
        return .step(every: try every.int(atLeast: 1), factor: try factor.double(in: 1e-6...1))
    }

    /// nil for `false`; `true` is PyTorch's usual crop of padding 4 and flips.
    static func augmentation(_ field: Field) throws -> Augmentation? {
        if case .scalar = field.node { return try field.bool() ? Augmentation() : nil }
        let f = try field.fields(allowed: ["crop_padding", "flips"], what: "augmentation setting")
        return Augmentation(
            cropPadding: try f["crop_padding"]?.int(atLeast: 0) ?? 4, flips: try f["flips"]?.bool() ?? true)
    }

    static func earlyStopping(_ field: Field) throws -> EarlyStopping {
        if case .scalar = field.node { return EarlyStopping(patience: try field.int(atLeast: 1)) }
        let f = try field.fields(allowed: ["patience"], what: "early stopping setting")
        guard let patience = f["patience"] else {
            throw field.error("early stopping needs a patience", fix: "write `{patience: 3}`")
        }
        return EarlyStopping(patience: try patience.int(atLeast: 1))
    }
}
