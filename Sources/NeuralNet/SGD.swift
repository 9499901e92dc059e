/// Stochastic gradient descent with momentum, as PyTorch's `torch.optim.SGD` computes it
/// (dampening 0), over groups of parameters with their own rates and weight decay:
///
///     g ← ∇θ + λ·θ            (the group's weight decay λ, added to the gradient)
///     b ← μ·b + g             (the momentum buffer; b = g on the first step)
///     θ ← θ − α·(g + μ·b)     with Nesterov momentum, else θ − α·b
///
/// airbench sets each group's λ to wd/α₀ so that the decay per step, α·λ = wd·α/α₀, does not
/// change when the rate α₀ is tuned ("decoupled" in that sense), and scales the rate of batch
/// normalisation's biases by 64.
public final class SGD<T: Scalar> {
    public struct Configuration: Codable, Sendable, Equatable {
        public var momentum: Double
        public var nesterov: Bool

        public init(momentum: Double, nesterov: Bool = true) {
            self.momentum = momentum
            self.nesterov = nesterov
        }
    }

    /// A group's rate α₀ (before any schedule's factor) and weight decay λ.
    public struct Group: Codable, Sendable, Equatable {
        public var learningRate: Double
        public var weightDecay: Double

        public init(learningRate: Double, weightDecay: Double = 0) {
            self.learningRate = learningRate
            self.weightDecay = weightDecay
        }
    }

    public let configuration: Configuration
    public private(set) var step = 0
    private let parameters: [Parameter<T>]
    private let groups: [Group]  // one per parameter
    private let momenta: [Tensor<T>]
    private var frozen: Set<ObjectIdentifier> = []

    /// `groups`: each group's settings with its parameters; every parameter in exactly one.
    public init(groups: [(Group, [Parameter<T>])], configuration: Configuration) {
        self.configuration = configuration
        parameters = groups.flatMap { $0.1 }
        self.groups = groups.flatMap { group, members in members.map { _ in group } }
        momenta = parameters.map { Tensor(zeros: $0.value.shape) }
    }

    /// The momentum buffers, to save with the weights and resume training exactly.
    public struct State: Codable, Sendable, Equatable {
        public var step: Int
        public var momenta: [[Float]]
    }

    public var state: State { State(step: step, momenta: momenta.map { $0.values.map { Float($0) } }) }

    /// Restores a saved state; throws if it does not fit these parameters.
    public func restore(_ state: State) throws {
        guard state.momenta.map(\.count) == parameters.map(\.value.count) else {
            throw ArchitectureError(description: "optimiser state does not match the model's parameters")
        }
        step = state.step
        for i in parameters.indices { momenta[i].assign(state.momenta[i].map { T($0) }) }
    }

    /// Leaves `parameter` out of every later update, its momentum included, as PyTorch skips a
    /// parameter with `requires_grad = False` (airbench freezes its whitening bias after 3 epochs).
    public func freeze(_ parameter: Parameter<T>) { frozen.insert(ObjectIdentifier(parameter)) }

    /// One update from the gradients the last backward pass wrote, each group's rate times
    /// `rateFactor` (a schedule's, as PyTorch's LambdaLR applies it to every group).
    public func update(rateFactor: Double = 1) {
        step += 1
        let (mu, nesterov, first) = (T(configuration.momentum), configuration.nesterov, step == 1)
        for (i, p) in parameters.enumerated() where !frozen.contains(ObjectIdentifier(p)) {
            let rate = T(groups[i].learningRate * rateFactor)
            let decay = T(groups[i].weightDecay)
            let b = momenta[i].pointer
            // Element-wise, so any split gives the same bits.
            ParallelLoop.forEachRange(p.value.count, grain: ParallelLoop.grain) { r in
                let at = r.lowerBound
                sgdUpdate(
                    p.value.pointer + at, p.gradient.pointer + at, b + at, count: r.count, rate: rate, decay: decay,
                    momentum: mu, nesterov: nesterov, first: first)
            }
        }
    }
}

/// One SGD step for `count` parameters θ with gradients g and momentum buffer b (see `SGD`);
/// on the `first` step the buffer starts from g alone.
@_specialize(where T == Float)
@_specialize(where T == Double)
func sgdUpdate<T: Scalar>(
    _ theta: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ b: UnsafeMutablePointer<T>, count: Int,
    rate: T, decay: T, momentum: T, nesterov: Bool, first: Bool
) {
    for i in 0..<count {
        let gi = g[i] + decay * theta[i]
        let bi = (first ? 0 : momentum * b[i]) + gi
        b[i] = bi
        theta[i] -= rate * (nesterov ? gi + momentum * bi : bi)
    }
}
