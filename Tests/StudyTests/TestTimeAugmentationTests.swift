import CIFAR
import ConvLabTestSupport
import Foundation
import NeuralNet
import Study
import Testing

/// airbench's test-time augmentation, checked by hand: the evaluation's probabilities are the
/// softmax of the weighted mean of the views' logits, each view filled and run separately here.
@Suite struct TestTimeAugmentationTests {
    let images = SyntheticCIFAR.images(count: 12, file: 5, pattern: .squarePerClass)

    @Test(arguments: TestTimeAugmentation.allCases)
    func theLogitsAreTheWeightedMeanOfTheViews(_ augmentation: TestTimeAugmentation) throws {
        let model = try Sequential<Float>(
            Architecture(
                name: "t", inputShape: [32, 32, 3],
                layers: [
                    .conv2d(filters: 4, kernelSize: 3, padding: .same), .relu, .maxPool2d(size: 4), .flatten,
                    .dense(units: 10),
                ]),
            seed: 4)
        let views = augmentation.views
        #expect(views.count == [1, 2, 6][TestTimeAugmentation.allCases.firstIndex(of: augmentation)!])
        #expect(abs(views.map(\.weight).reduce(0, +) - 1) < 1e-7)
        let evaluation = Evaluation.run(model, on: images, augmentation: augmentation)

        let batcher = Batcher(images: images, batchSize: 12)
        var mean = [Float](repeating: 0, count: 12 * 10)
        var (pixels, labels) = ([Float](), [Int]())
        for (placement, weight) in views {
            batcher.fill(batcher.indices(ofBatch: 0, in: Array(0..<12)), pixels: &pixels, labels: &labels) { _ in
                placement
            }
            let logits = model.forward(Tensor(shape: [12, 32, 32, 3], values: pixels)).values
            for i in mean.indices { mean[i] += weight * logits[i] }
        }
        let expected = SoftmaxCrossEntropy<Float>().probabilities(logits: Tensor(shape: [12, 10], values: mean)).values
        #expect(zip(evaluation.probabilities, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        if augmentation == .none {
            #expect(evaluation.probabilities == Evaluation.run(model, on: images).probabilities)
        }
    }

    /// The translated views shift by one pixel each way into the reflected image (airbench's
    /// `F.pad(…, 'reflect')[0:32, 0:32]` and `[2:34, 2:34]`), each seen as it is and mirrored.
    @Test func theTranslatedViewsShiftByOnePixelIntoTheReflection() {
        let placements = TestTimeAugmentation.mirrorAndTranslate.views.map(\.placement)
        #expect(placements.map(\.dy) == [0, 0, -1, -1, 1, 1] && placements.map(\.dx) == [0, 0, -1, -1, 1, 1])
        #expect(placements.map(\.flip) == [false, true, false, true, false, true])
        #expect(placements.dropFirst(2).allSatisfy { $0.reflects })
    }
}
