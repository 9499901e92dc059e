import Figures
import Foundation
import NeuralNet

/// Class probabilities for images, from a loaded model. Not thread-safe: one request at a time
/// (the server puts it behind an actor).
public final class Predictor {
    public struct Prediction: Codable, Sendable, Equatable {
        public var probabilities: [Float]
        public var topClass: String
        public var topIndex: Int
        /// A note when the input had to be converted (resized), else nil.
        public var note: String?

        public func top(_ k: Int, classNames: [String]) -> [(name: String, probability: Float)] {
            probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }.prefix(k).map { (classNames[$0], probabilities[$0]) }
        }
    }

    public let model: Sequential<Float>
    public let manifest: ModelManifest
    private let loss = SoftmaxCrossEntropy<Float>()

    public init(model: Sequential<Float>, manifest: ModelManifest) {
        self.model = model
        self.manifest = manifest
    }

    var height: Int { manifest.inputShape[0] }
    var width: Int { manifest.inputShape[1] }

    /// Images of any size: resized to the model's input by area averaging.
    public func predict(_ images: [RGBImage]) -> [Prediction] {
        let inputs = images.map { image -> ([Float], String?) in
            let fitted = image.width == width && image.height == height ? image : image.resized(width: width, height: height)
            let note = fitted == image ? nil : "resized from \(image.width)×\(image.height) to \(width)×\(height) by area averaging"
            return (fitted.pixels.map { Float($0) / 255 }, note)
        }
        return zip(predict(pixels: inputs.map(\.0)), inputs.map(\.1)).map { p, note in
            var p = p
            p.note = note
            return p
        }
    }

    /// Images already as (H, W, C) floats in the model's scaling, one array per image.
    public func predict(pixels: [[Float]]) -> [Prediction] {
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

extension RGBImage {
    /// Area-averaging resize: each output pixel is the mean of the source area it covers
    /// (fractional overlaps weighted), the right filter for shrinking photos to 32×32.
    public func resized(width newWidth: Int, height newHeight: Int) -> RGBImage {
        let sx = Double(width) / Double(newWidth), sy = Double(height) / Double(newHeight)
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * 3)
        func spans(_ i: Int, _ scale: Double, _ limit: Int) -> [(Int, Double)] {
            let start = Double(i) * scale, end = Double(i + 1) * scale
            return (Int(start.rounded(.down))..<min(limit, Int(end.rounded(.up)))).map { j in
                (j, min(end, Double(j + 1)) - max(start, Double(j)))
            }
        }
        for y in 0..<newHeight {
            let rows = spans(y, sy, height)
            for x in 0..<newWidth {
                let columns = spans(x, sx, width)
                var sum = [0.0, 0.0, 0.0], total = 0.0
                for (r, wy) in rows {
                    for (c, wx) in columns {
                        let w = wy * wx, p = (r * width + c) * 3
                        for ch in 0..<3 { sum[ch] += w * Double(pixels[p + ch]) }
                        total += w
                    }
                }
                for ch in 0..<3 { out[(y * newWidth + x) * 3 + ch] = UInt8((sum[ch] / total).rounded().clamped(0, 255)) }
            }
        }
        return RGBImage(width: newWidth, height: newHeight, pixels: out)
    }
}

extension Double {
    func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}
