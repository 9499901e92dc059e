import Deployment
import Foundation
import Imaging

/// The loaded model behind an actor: layers reuse their buffers, so one prediction runs at a time.
package actor InferenceService {
    private let predictor: Predictor
    package nonisolated let classNames: [String]
    package nonisolated let inputShape: [Int]

    /// Loads `model.tar.gz` or an extracted artifact folder; throws a clear error for a wrong one.
    package init(artifact: URL) throws {
        let (model, manifest) = try ModelArtifact.load(artifact)
        predictor = Predictor(model: model, manifest: manifest)
        classNames = manifest.classNames
        inputShape = manifest.inputShape
    }

    package func predict(_ images: [RGBImage]) -> [Predictor.Prediction] { predictor.predict(images) }
    package func predict(pixels: [[Float]]) -> [Predictor.Prediction] { predictor.predict(pixels: pixels) }
}
