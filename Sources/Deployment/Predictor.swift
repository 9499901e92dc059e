import Foundation
import Imaging
import NeuralNet

/// Class probabilities for images, from a loaded model. Not thread-safe: one request at a time
/// (the server puts it behind an actor).
package final class Predictor {
    package struct Prediction: Codable, Sendable, Equatable {
        package var probabilities: [Float]
        package var topClass: String
        package var topIndex: Int
        /// A note when the input had to be converted (resized), else nil.
        package var note: String?

        package func top(_ k: Int, classNames: [String]) -> [(name: String, probability: Float)] {
            probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }.prefix(k).map {
                (classNames[$0], probabilities[$0])
            }
        }
    }

    package let model: Sequential<Float>
    package let manifest: ModelManifest
    private let loss = SoftmaxCrossEntropy<Float>()

    package init(model: Sequential<Float>, manifest: ModelManifest) {
        self.model = model
        self.manifest = manifest
    }

    var height: Int { manifest.inputShape[0] }
    var width: Int { manifest.inputShape[1] }

    /// Images of any size: resized to the model's input by area averaging.
    package func predict(_ images: [RGBImage]) -> [Prediction] {
        let inputs = images.map { image -> ([Float], String?) in
            let fitted =
                image.width == width && image.height == height ? image : image.resized(width: width, height: height)
            let note =
                fitted == image
                ? nil : "resized from \(image.width)×\(image.height) to \(width)×\(height) by area averaging"
            return (fitted.pixels.map { Float($0) / 255 }, note)
        }
        return zip(predict(pixels: inputs.map(\.0)), inputs.map(\.1)).map { p, note in
            var p = p
            p.note = note
            return p
        }
    }

    /// Images already as (H, W, C) floats in the model's scaling, one array per image.
    package func predict(pixels: [[Float]]) -> [Prediction] {
        guard !pixels.isEmpty else { return [] }
        let x = Tensor<Float>(shape: [pixels.count] + manifest.inputShape, values: pixels.flatMap { $0 })
        let p = loss.probabilities(logits: model.forward(x)).values
        let k = manifest.classNames.count
        return (0..<pixels.count).map { i in
            let row = Array(p[(i * k)..<((i + 1) * k)])
            let top = row.indices.max { row[$0] < row[$1] }!
            return Prediction(probabilities: row, topClass: manifest.classNames[top], topIndex: top, note: nil)
        }
    }
}
