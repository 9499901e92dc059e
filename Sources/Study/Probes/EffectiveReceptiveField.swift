import CIFAR
import NeuralNet

/// Which input pixels a unit of the last conv layer actually responds to: the mean over test
/// images of |∂u/∂x|, summed over colour channels, for u the sum over filters of the conv's
/// output at the centre of its map (Luo et al., 2016). The theoretical receptive field bounds
/// where it can be non-zero; training decides how the weight is spread inside it.
package struct EffectiveReceptiveField: Codable, Sendable, Equatable {
    package var model: StudyModel
    /// The conv layer's index in the architecture, and the unit's (row, column) in its output.
    package var layer: Int
    package var unit: [Int]
    /// The side of the theoretical receptive field, from the architecture.
    package var theoretical: Int
    /// The input rows and columns where the gradient is non-zero (above `EffectiveReceptiveField.noise`
    /// of its peak): [top, left, bottom, right], inclusive.
    package var support: [Int]
    /// The side of the smallest square, centred in `support`, that holds half of the gradient:
    /// how much of the theoretical field the unit mostly uses.
    package var halfMassSide: Int
    package var images: Int
    package var height: Int
    package var width: Int
    /// (height, width), row-major, scaled so the largest value is 1.
    package var magnitude: [Double]

    package static func measure(
        _ model: Sequential<Float>, named name: StudyModel, images: ImageSet,
        count: Int = 256, chunk: Int = 32
    ) throws -> EffectiveReceptiveField {
        let architecture = model.architecture
        guard let layer = architecture.layers.lastIndex(where: { $0.kind == .conv2d }) else {
            throw StudyError("\(name.rawValue) has no convolution; an effective receptive field needs one")
        }
        let n = min(count, images.count)
        guard n > 0 else { throw StudyError("no test images to measure the effective receptive field on") }
        let out = try architecture.outputShapes()[layer]  // (Ho, Wo, F)
        let unit = [out[0] / 2, out[1] / 2]
        let (h, w) = (architecture.inputShape[0], architecture.inputShape[1])
        var magnitude = summedGradient(
            of: model, through: layer, output: out, unit: unit, images: images.slice(0..<n), chunk: chunk)
        let peak = magnitude.max() ?? 0
        if peak > 0 { magnitude = magnitude.map { $0 / peak } }
        let theoretical = try architecture.summary()[layer].receptiveField ?? 0
        let (support, halfMassSide) = Self.extent(of: magnitude, height: h, width: w)
        return EffectiveReceptiveField(
            model: name, layer: layer, unit: unit, theoretical: theoretical, support: support,
            halfMassSide: halfMassSide, images: n, height: h, width: w, magnitude: magnitude)
    }

    /// Σ over images and colour channels of |∂u/∂x| per input pixel, u the sum over filters of
    /// layer `layer`'s output (shaped `out`) at `unit`. A chunk of images at a time: the gradient of 256 images
    /// through the 5×5 CNN at once held ~200 MB.
    static func summedGradient(
        of model: Sequential<Float>, through layer: Int, output out: [Int], unit: [Int], images: ImageSet,
        chunk: Int
    ) -> [Double] {
        let shape = model.architecture.inputShape  // (H, W, C)
        let (pixelCount, c) = (shape[0] * shape[1], shape[2])
        var magnitude = [Double](repeating: 0, count: pixelCount)
        let batcher = Batcher(images: images, batchSize: chunk)
        var pixels: [Float] = []
        var labels: [Int] = []
        let order = Array(0..<images.count)
        for b in 0..<batcher.batchCount {
            let indices = batcher.indices(ofBatch: b, in: order)
            batcher.fill(indices, pixels: &pixels, labels: &labels)
            let dx = Denormals.flushingToZero {
                model.inputGradient(
                    Tensor(shape: [indices.count] + shape, values: pixels), through: layer,
                    outputGradient: centreSeed(images: indices.count, output: out, unit: unit)
                ).values
            }
            for i in 0..<indices.count {
                for p in 0..<pixelCount {
                    for ch in 0..<c { magnitude[p] += Double(abs(dx[(i * pixelCount + p) * c + ch])) }
                }
            }
        }
        return magnitude
    }

    /// ∂u/∂(conv output) for `images` images: 1 at the unit's position in every filter, 0 elsewhere.
    static func centreSeed(images n: Int, output out: [Int], unit: [Int]) -> Tensor<Float> {
        let size = out.reduce(1, *)
        var seed = [Float](repeating: 0, count: n * size)
        for i in 0..<n {
            let base = i * size + (unit[0] * out[1] + unit[1]) * out[2]
            for f in 0..<out[2] { seed[base + f] = 1 }
        }
        return Tensor(shape: [n] + out, values: seed)
    }

    /// Gradients below this fraction of the peak count as zero. Exact zeros outside the field are
    /// not what Winograd convolutions give: their transforms leave rounding residues of ~3e-7 of
    /// the peak up to a tile (4 pixels) beyond it.
    package static let noise = 1e-5

    /// The bounding box of the non-zero values, and the side of the largest inset of it (shrunk
    /// by the same amount on every side) that still holds half of the total.
    static func extent(of values: [Double], height h: Int, width w: Int) -> (support: [Int], halfMassSide: Int) {
        let floor = (values.max() ?? 0) * noise
        let nonzero = values.indices.filter { values[$0] > floor }
        guard !nonzero.isEmpty else { return ([0, 0, -1, -1], 0) }
        let rows = nonzero.map { $0 / w }
        let columns = nonzero.map { $0 % w }
        let box = [rows.min()!, columns.min()!, rows.max()!, columns.max()!]
        let total = values.reduce(0, +)
        func mass(inset t: Int) -> Double {
            var sum = 0.0
            for y in (box[0] + t)...(box[2] - t) { for x in (box[1] + t)...(box[3] - t) { sum += values[y * w + x] } }
            return sum
        }
        var t = 0
        while box[0] + t + 1 <= box[2] - t - 1, box[1] + t + 1 <= box[3] - t - 1, mass(inset: t + 1) >= 0.5 * total {
            t += 1
        }
        return (box, max(box[2] - box[0], box[3] - box[1]) + 1 - 2 * t)
    }
}
