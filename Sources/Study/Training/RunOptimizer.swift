import NeuralNet

/// How a run's weights move after each backward pass: the lab's Adam, or airbench's SGD with
/// Nesterov momentum and parameter groups; either at its schedule's rate, followed by Lookahead
/// when the run has one, and with the whitening layer's tensors frozen as its recipe says.
final class RunOptimizer {
    private let configuration: TrainingConfiguration
    private let adam: Adam<Float>?
    private let sgd: SGD<Float>?
    private let lookahead: Lookahead<Float>?
    private let batchesPerEpoch: Int
    /// The whitening layer's bias, trained for the first `WhiteningInitialisation.biasEpochs` epochs.
    private let whiteningBias: Parameter<Float>?
    /// The step after which the run ends.
    let totalSteps: Int

    /// Optimises `model`'s parameters, less the whitening layer's weights (set from the data, not trained).
    init(_ model: Sequential<Float>, configuration c: TrainingConfiguration, batchesPerEpoch: Int) {
        configuration = c
        self.batchesPerEpoch = batchesPerEpoch
        totalSteps = c.stepLimit(batchesPerEpoch: batchesPerEpoch) ?? c.epochs * batchesPerEpoch
        let whitened = c.whitening == nil ? nil : model.layers.lazy.compactMap { $0 as? Conv2D<Float> }.first
        whiteningBias = whitened?.addsBias == true ? whitened?.bias : nil
        let trained = model.parameters.filter { $0 !== whitened?.weight }
        if let settings = c.sgd {
            let norms = model.layers.compactMap { $0 as? BatchNormalization<Float> }.flatMap(\.parameters)
            let (normGroup, otherGroup) = settings.groups(batch: c.batchSize)
            let others = trained.filter { p in !norms.contains { $0 === p } }
            sgd = SGD(
                groups: [(normGroup, norms), (otherGroup, others)],
                configuration: SGD<Float>.Configuration(momentum: settings.momentum, nesterov: true))
            adam = nil
        } else {
            adam = Adam(parameters: trained, configuration: c.optimizer)
            sgd = nil
        }
        lookahead = c.lookahead == nil ? nil : Lookahead(model)
    }

    var step: Int { adam?.step ?? sgd?.step ?? 0 }

    /// Freezes what the recipe stops training from epoch `epoch` (from 1) on.
    func beginEpoch(_ epoch: Int) {
        guard let bias = whiteningBias, let w = configuration.whitening, epoch > w.biasEpochs else { return }
        adam?.freeze(bias)
        sgd?.freeze(bias)
    }

    /// One update from the gradients of the last backward pass; false once the run's last step is taken.
    func update() -> Bool {
        let c = configuration
        let s = step
        if let adam {
            adam.update(
                learningRate: c.schedule.map {
                    $0.rate(
                        base: c.optimizer.learningRate, step: s, stepsPerEpoch: batchesPerEpoch, epochs: c.epochs,
                        totalSteps: totalSteps)
                })
        } else if let sgd {
            let factor = c.schedule?.rate(
                base: 1, step: s, stepsPerEpoch: batchesPerEpoch, epochs: c.epochs, totalSteps: totalSteps)
            sgd.update(rateFactor: factor ?? 1)
        }
        if let lookahead, let schedule = c.lookahead {
            if step % schedule.every == 0 { lookahead.update(decay: schedule.decayAfter(step: step, of: totalSteps)) }
            if step >= totalSteps { lookahead.update(decay: 1) }
        }
        return step < totalSteps
    }

    /// Everything needed to resume exactly.
    var state: (adam: Adam<Float>.State?, sgd: SGD<Float>.State?, lookahead: [[Float]]?) {
        (adam?.state, sgd?.state, lookahead?.state)
    }

    func restore(adam adamState: Adam<Float>.State?, sgd sgdState: SGD<Float>.State?, lookahead slow: [[Float]]?) throws
    {
        if let adam {
            guard let adamState else { throw StudyError("the checkpoint has no Adam state to resume from") }
            try adam.restore(adamState)
        }
        if let sgd {
            guard let sgdState else { throw StudyError("the checkpoint has no SGD state to resume from") }
            try sgd.restore(sgdState)
        }
        if let lookahead {
            guard let slow else { throw StudyError("the checkpoint has no Lookahead state to resume from") }
            try lookahead.restore(slow)
        }
    }
}
