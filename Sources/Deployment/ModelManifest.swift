import Foundation
import NeuralNet

/// `model.json` of an artifact: what the model is and how to feed it, without reading the weights.
package struct ModelManifest: Codable, Sendable, Equatable {
    package static let formatVersion = 1
    package static let weightsFile = "model.weights"
    package static let manifestFile = "model.json"
    package static let onnxFile = "model.onnx"

    package var formatVersion: Int
    package var architecture: Architecture
    package var classNames: [String]
    /// Per image, (H, W, C), channels last.
    package var inputShape: [Int]
    package var scaling: String
    /// How the model was trained, as the trainer recorded it.
    package var training: JSONValue
    package var seed: UInt64
    /// The run's final test accuracy; nil for a run without epochs.
    package var testAccuracy: Double?
    package var dataMD5: [String: String]
    package var convlabVersion: String

    package init(
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

package struct DeploymentError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
