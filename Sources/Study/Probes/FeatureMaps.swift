import CIFAR
import NeuralNet

/// What the conv layers of a trained CNN compute for a few test images: the activation maps
/// after each conv layer's ReLU, each map scaled to bytes by its own maximum.
package struct FeatureMaps: Codable, Sendable, Equatable {
    package struct Layer: Codable, Sendable, Equatable {
        /// Which conv layer (1 = first) and the index of its ReLU in the architecture.
        package var convolution: Int
        package var layerIndex: Int
        package var height: Int
        package var width: Int
        package var channels: Int
        /// Per image: (channels, height, width) bytes, each map scaled so its maximum is 255.
        package var maps: [[UInt8]]
        /// Per image and channel: the maximum that 255 stands for; 0 for a map that is all zero.
        package var maxima: [[Float]]
    }

    package var model: StudyModel
    /// Test-set indices of the images, their labels and the model's predictions.
    package var images: [Int]
    package var labels: [Int]
    package var predicted: [Int]
    package var layers: [Layer]

    /// The maps of `model` for the test images at `indices`.
    package static func measure(
        _ model: Sequential<Float>, named name: StudyModel, test: ImageSet, indices: [Int],
        predicted: [Int]
    ) throws -> FeatureMaps {
        let architecture = model.architecture
        let relus = architecture.layers.indices.filter { i in
            architecture.layers[i] == .relu && i > 0 && architecture.layers[i - 1].kind == .conv2d
        }
        guard let last = relus.last else { throw StudyError("\(name.rawValue) has no conv layer followed by a ReLU") }
        var pixels: [Float] = []
        var labels: [Int] = []
        Batcher(images: test, batchSize: max(indices.count, 1)).fill(indices[...], pixels: &pixels, labels: &labels)
        let outputs = model.activations(
            Tensor(shape: [indices.count] + architecture.inputShape, values: pixels), through: last)
        let shapes = try architecture.outputShapes()
        let layers = relus.enumerated().map { number, index in
            let s = shapes[index]
            let (h, w, c) = (s[0], s[1], s[2])
            let values = outputs[index].values
            var maps: [[UInt8]] = []
            var maxima: [[Float]] = []
            for i in indices.indices {
                let image = values[(i * h * w * c)..<((i + 1) * h * w * c)]
                var bytes = [UInt8](repeating: 0, count: h * w * c)
                var peaks = [Float](repeating: 0, count: c)
                for p in 0..<(h * w) {
                    for ch in 0..<c { peaks[ch] = max(peaks[ch], image[image.startIndex + p * c + ch]) }
                }
                for p in 0..<(h * w) {
                    for ch in 0..<c where peaks[ch] > 0 {
                        bytes[ch * h * w + p] = UInt8(
                            (image[image.startIndex + p * c + ch] / peaks[ch] * 255).rounded())
                    }
                }
                maps.append(bytes)
                maxima.append(peaks)
            }
            return Layer(
                convolution: number + 1, layerIndex: index, height: h, width: w, channels: c, maps: maps, maxima: maxima
            )
        }
        return FeatureMaps(model: name, images: indices, labels: labels, predicted: predicted, layers: layers)
    }
}

extension FeatureMaps.Layer {
    /// How many of the layer's maps are all zero for image `i`.
    package func silentMaps(image i: Int) -> Int { maxima[i].filter { $0 == 0 }.count }
    /// The share of image `i`'s activations that are non-zero (at the maps' 8-bit resolution).
    package func activeShare(image i: Int) -> Double {
        Double(maps[i].filter { $0 > 0 }.count) / Double(max(maps[i].count, 1))
    }
}
