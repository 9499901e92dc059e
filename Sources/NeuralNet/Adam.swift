import Foundation

/// Adam (Kingma & Ba 2015) as Keras implements it, with Keras' defaults:
///   m ← m + (1 − β₁)(g − m),   v ← v + (1 − β₂)(g² − v),
///   θ ← θ − α·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε̂)      (ε̂ added after the bias correction).
/// With a weight decay λ it is AdamW (Loshchilov & Hutter 2019), decoupled as Keras does it:
///   θ ← θ − α·λ·θ before the step above.
public final class Adam<T: Scalar> {
    public struct Configuration: Codable, Sendable, Equatable {
        public var learningRate = 1e-3
        public var beta1 = 0.9
        public var beta2 = 0.999
        public var epsilon = 1e-7
        /// AdamW's decoupled weight decay λ; nil for plain Adam (and left out of the JSON).
        public var weightDecay: Double?
        public init(learningRate: Double = 1e-3, weightDecay: Double? = nil) {
            self.learningRate = learningRate
            self.weightDecay = weightDecay
        }
    }

    public let configuration: Configuration
    public private(set) var step = 0
    private let parameters: [Parameter<T>]
    private let firstMoments: [Tensor<T>]
    private let secondMoments: [Tensor<T>]
    private var frozen: Set<ObjectIdentifier> = []

    public init(parameters: [Parameter<T>], configuration: Configuration = .init()) {
        self.configuration = configuration
        self.parameters = parameters
        firstMoments = parameters.map { Tensor(zeros: $0.value.shape) }
        secondMoments = parameters.map { Tensor(zeros: $0.value.shape) }
    }

    /// The optimiser's whole state, to save with the weights and resume training exactly.
    public struct State: Codable, Sendable, Equatable {
        public var step: Int
        public var firstMoments: [[Float]]
        public var secondMoments: [[Float]]
    }

    public var state: State {
        State(
            step: step, firstMoments: firstMoments.map { $0.values.map { Float($0) } },
            secondMoments: secondMoments.map { $0.values.map { Float($0) } })
    }

    /// Restores a saved state; throws if it does not fit these parameters.
    public func restore(_ state: State) throws {
        guard state.firstMoments.map(\.count) == parameters.map(\.value.count),
            state.secondMoments.map(\.count) == parameters.map(\.value.count)
        else {
            throw ArchitectureError(description: "optimiser state does not match the model's parameters")
        }
        step = state.step
        for i in parameters.indices {
            firstMoments[i].assign(state.firstMoments[i].map { T($0) })
            secondMoments[i].assign(state.secondMoments[i].map { T($0) })
        }
    }

    /// Leaves `parameter` out of every later update, its decay included.
    public func freeze(_ parameter: Parameter<T>) { frozen.insert(ObjectIdentifier(parameter)) }

    /// One update from the gradients the last backward pass wrote, at `learningRate` (a
    /// schedule's), else the configured rate.
    public func update(learningRate: Double? = nil) {
        step += 1
        let c = configuration
        let t = Double(step)
        let rate = learningRate ?? c.learningRate
        let stepSize = rate * (1 - Foundation.pow(c.beta2, t)).squareRoot() / (1 - Foundation.pow(c.beta1, t))
        if let weightDecay = c.weightDecay, weightDecay > 0 { decay(by: rate * weightDecay) }
        for (i, p) in parameters.enumerated() where !frozen.contains(ObjectIdentifier(p)) {
            let (m, v) = (firstMoments[i].pointer, secondMoments[i].pointer)
            // Element-wise, so any split gives the same bits.
            ParallelLoop.forEachRange(p.value.count, grain: ParallelLoop.grain) { r in
                let at = r.lowerBound
                adamUpdate(
                    p.value.pointer + at, p.gradient.pointer + at, m + at, v + at, count: r.count,
                    stepSize: T(stepSize), beta1: T(c.beta1), beta2: T(c.beta2), epsilon: T(c.epsilon))
            }
        }
    }
}

extension Adam {
    /// θ ← θ − rate·λ·θ for every parameter: AdamW's decoupled decay.
    private func decay(by factor: Double) {
        for p in parameters where !frozen.contains(ObjectIdentifier(p)) {
            ParallelLoop.forEachRange(p.value.count, grain: ParallelLoop.grain) { r in
                scale(p.value.pointer + r.lowerBound, by: T(1 - factor), count: r.count)
            }
        }
    }
}

/// x ← a·x.
@_specialize(where T == Float)
@_specialize(where T == Double)
func scale<T: Scalar>(_ x: UnsafeMutablePointer<T>, by a: T, count: Int) {
    for i in 0..<count { x[i] *= a }
}

/// One Adam step for `count` parameters θ with gradients g and moments m, v.
@_specialize(where T == Float)
@_specialize(where T == Double)
func adamUpdate<T: Scalar>(
    _ theta: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ m: UnsafeMutablePointer<T>,
    _ v: UnsafeMutablePointer<T>, count: Int, stepSize: T, beta1: T, beta2: T, epsilon: T
) {
    // Every value read once into a local and written once: re-reading m[i] after storing it
    // through pointers that might alias would keep the loop scalar.
    for i in 0..<count {
        let gi = g[i]
        let mi = m[i] + (1 - beta1) * (gi - m[i])
        let vi = v[i] + (1 - beta2) * (gi * gi - v[i])
        m[i] = mi
        v[i] = vi
        theta[i] -= stepSize * mi / (vi.squareRoot() + epsilon)
    }
}
