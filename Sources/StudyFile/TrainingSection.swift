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
///
/// and airbench's recipe (see `studies/speedrun.yaml`):
///
///       epochs: 9.9                      # a fraction: the last pass stops part-way
///       optimizer: {sgd: {learning_rate: 11.5, momentum: 0.85, weight_decay: 0.0153, norm_bias_rate: 64}}
///       schedule: {linear: {warmup: 0.23, start: 0.2, end: 0.07}}
///       label_smoothing: 0.2
///       lookahead: {every: 5, decay: 0.95, power: 3}
///       whitening: {images: 5000, bias_epochs: 3}
///       drop_last: true
///       augmentation: {crop_padding: 2, reflect: true, flips: alternating}
///       test_time_augmentation: mirror_translate   # or mirror, or none
///       initialisation: airbench         # PyTorch's uniform ±1/√fan_in, identity (dirac) conv filters
enum TrainingSection {
    static let keys = [
        "epochs", "batch", "optimizer", "learning_rate", "weight_decay", "schedule", "augmentation", "early_stopping",
        "label_smoothing", "lookahead", "whitening", "drop_last", "test_time_augmentation", "initialisation",
    ]

    /// The recipe `base` with the settings `field` gives.
    static func parse(_ field: Field, base: TrainingRecipe = TrainingRecipe()) throws -> TrainingRecipe {
        let f = try field.fields(allowed: keys, what: "training setting")
        var recipe = base
        if let epochs = f["epochs"] { (recipe.epochs, recipe.fractionalEpochs) = try SpeedrunEntries.epochs(epochs) }
        recipe.batchSize = try f["batch"]?.int(atLeast: 1) ?? recipe.batchSize
        if let optimizer = f["optimizer"] {
            recipe.sgd = try SpeedrunEntries.optimizer(optimizer, adamSettings: f["learning_rate"] ?? f["weight_decay"])
        }
        try SpeedrunEntries.parse(f, into: &recipe)
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
        let kinds = try field.mapping(allowed: ["step", "cosine", "linear"], what: "schedule")
        guard kinds.count == 1, let (kind, setting) = kinds.first else {
            throw field.error("a schedule is one of step, cosine or linear", fix: "keep one of them")
        }
        if kind == "linear" { return try SpeedrunEntries.linearSchedule(setting) }
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

    /// nil for `false`; `true` is PyTorch's usual crop of padding 4 and flips. `reflect: true`
    /// pads by reflection, `flips: alternating` is airbench's flip of every other epoch.
    static func augmentation(_ field: Field) throws -> Augmentation? {
        if case .scalar = field.node { return try field.bool() ? Augmentation() : nil }
        let f = try field.fields(allowed: ["crop_padding", "flips", "reflect"], what: "augmentation setting")
        var alternates: Bool? = nil
        var flips = true
        switch try f["flips"]?.choice(["true", "false", "alternating"]) {
        case "alternating": alternates = true
        case "false": flips = false
        default: break
        }
        return Augmentation(
            cropPadding: try f["crop_padding"]?.int(atLeast: 0) ?? 4, flips: flips,
            reflects: try f["reflect"]?.bool() == true ? true : nil, alternatesFlips: alternates)
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
