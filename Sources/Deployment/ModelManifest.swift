import Foundation
import NeuralNet

/// `model.json` of an artifact: what the model is and how to feed it, without reading the weights.
public struct ModelManifest: Codable, Sendable, Equatable {
    public static let formatVersion = 1
    public static let weightsFile = "model.weights"
    public static let manifestFile = "model.json"
    public static let onnxFile = "model.onnx"

    public var formatVersion: Int
    public var architecture: Architecture
    public var classNames: [String]
    /// Per image, (H, W, C), channels last.
    public var inputShape: [Int]
    public var scaling: String
    /// How the model was trained, as the trainer recorded it.
    public var training: JSONValue
    public var seed: UInt64
    /// The run's final test accuracy; nil for a run without epochs.
    public var testAccuracy: Double?
    public var dataMD5: [String: String]
    public var convlabVersion: String

    public init(
        architecture: Architecture, classNames: [String], training: JSONValue, seed: UInt64, testAccuracy: Double?,
        dataMD5: [String: String], convlabVersion: String
    ) {
        formatVersion = Self.formatVersion
        self.architecture = architecture
        self.classNames = classNames
        inputShape = architecture.inputShape
        scaling = "RGB bytes divided by 255, channels last (H, W, C)"
        self.training = training
        self.seed = seed
        self.testAccuracy = testAccuracy
        self.dataMD5 = dataMD5
        self.convlabVersion = convlabVersion
    }
}

public struct DeploymentError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
