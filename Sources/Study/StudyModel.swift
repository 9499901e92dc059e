import NeuralNet

/// The three models of the study.
public enum StudyModel: String, Codable, Sendable, CaseIterable {
    case mlp, cnn3, cnn5

    public var architecture: Architecture {
        switch self {
        case .mlp: .mlp
        case .cnn3: .cnn(kernelSize: 3)
        case .cnn5: .cnn(kernelSize: 5)
        }
    }

    public var title: String {
        switch self {
        case .mlp: "MLP baseline"
        case .cnn3: "CNN, 3×3 kernels"
        case .cnn5: "CNN, 5×5 kernels"
        }
    }
}

extension Architecture {
    public static let cifarInput = [32, 32, 3]   // (H, W, C)

    /// Flatten → Dense 256 ReLU → Dense 128 ReLU → Dense 10 (softmax in the loss).
    public static let mlp = Architecture(name: "mlp", inputShape: cifarInput, layers: [
        .flatten, .dense(units: 256), .relu, .dense(units: 128), .relu, .dense(units: 10),
    ])

    /// Conv F₁ k×k same ReLU → MaxPool 2 → Conv F₂ k×k same ReLU → MaxPool 2 → Flatten →
    /// Dense 128 ReLU → Dense 10.
    public static func cnn(kernelSize k: Int, filters: (Int, Int) = (32, 64), padding: Padding = .same) -> Architecture {
        Architecture(name: "cnn\(k)", inputShape: cifarInput, layers: [
            .conv2d(filters: filters.0, kernelSize: k, padding: padding), .relu, .maxPool2d(size: 2),
            .conv2d(filters: filters.1, kernelSize: k, padding: padding), .relu, .maxPool2d(size: 2),
            .flatten, .dense(units: 128), .relu, .dense(units: 10),
        ])
    }
}
