import ArgumentParser
import NeuralNet
import Study

/// The training options a Keras or PyTorch user reaches for, as flags.
struct TrainingFlags: ParsableArguments {
    @Option(name: .customLong("learning-rate"), help: "Adam's learning rate.") var learningRate = 1e-3
    @Option(name: .customLong("weight-decay"), help: "AdamW's decoupled weight decay (0: plain Adam).")
    var weightDecay = 0.0
    @Option(name: .customLong("lr-schedule"), help: "Learning-rate schedule: constant, step or cosine.") var schedule =
        ScheduleName.constant
    @Option(name: .customLong("warmup-epochs"), help: "Cosine schedule: epochs of linear warm-up.") var warmupEpochs = 0
    @Option(name: .customLong("lr-step-every"), help: "Step schedule: epochs between steps.") var stepEvery = 10
    @Option(name: .customLong("lr-step-factor"), help: "Step schedule: the rate's factor at each step.")
    var stepFactor = 0.1
    @Flag(help: "Augment training images: random crops of the image zero-padded by 4 pixels, horizontal flips.")
    var augment = false
    @Option(
        help: ArgumentHelp(
            "Early stopping: epochs without a better validation accuracy before stopping (the best epoch's "
                + "weights are kept).")
    )
    var patience: Int?

    enum ScheduleName: String, ExpressibleByArgument, CaseIterable { case constant, step, cosine }

    func validate() throws {
        guard learningRate > 0 else { throw ValidationError("--learning-rate must be positive") }
        guard weightDecay >= 0 else { throw ValidationError("--weight-decay must be 0 or more") }
        if let patience, patience < 1 { throw ValidationError("--patience must be at least 1 epoch") }
    }

    /// The configuration with these options applied.
    func applied(to configuration: TrainingConfiguration) -> TrainingConfiguration {
        var c = configuration
        c.optimizer = Adam<Float>.Configuration(
            learningRate: learningRate, weightDecay: weightDecay > 0 ? weightDecay : nil)
        c.augmentation = augment ? Augmentation() : nil
        c.schedule =
            switch schedule {
            case .constant: nil
            case .step: .step(every: stepEvery, factor: stepFactor)
            case .cosine: .cosine(warmupEpochs: warmupEpochs)
            }
        c.earlyStopping = patience.map(EarlyStopping.init)
        return c
    }
}
