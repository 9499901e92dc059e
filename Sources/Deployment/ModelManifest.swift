import Foundation
import NeuralNet
import Study

/// `model.json` of an artifact: what the model is and how to feed it, without reading the weights.
public struct ModelManifest: Codable, Sendable, Equatable {
    public static let formatVersion = 1
    public static let weightsFile = "model.weights"
    public static let manifestFile = "model.json"

    public var formatVersion: Int
    public var architecture: Architecture
    public var classNames: [String]
    /// Per image, (H, W, C), channels last.
    public var inputShape: [Int]
    public var scaling: String
    public var training: TrainingConfiguration
    public var seed: UInt64
    /// The run's final test accuracy; nil for a run without epochs.
    public var testAccuracy: Double?
    public var dataMD5: [String: String]
    public var convlabVersion: String

    public init(run: TrainingRun, classNames: [String], dataMD5: [String: String]) {
        formatVersion = Self.formatVersion
        architecture = run.architecture
        self.classNames = classNames
        inputShape = run.architecture.inputShape
        scaling = "RGB bytes divided by 255, channels last (H, W, C)"
        training = run.configuration
        seed = run.configuration.seed
        testAccuracy = run.final?.testAccuracy
        self.dataMD5 = dataMD5
        convlabVersion = StudyEnvironment.convlabVersion
    }
}

public struct DeploymentError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
