import CIFAR
import NeuralNet

/// Test accuracy of trained models on test images shifted by 0…8 pixels, with the vacated
/// border zero-filled or wrapped around. Each shift is the mean of a horizontal (right) and a
/// vertical (down) shift by that many pixels.
package struct TranslationProbe: Codable, Sendable, Equatable {
    package struct Curve: Codable, Sendable, Equatable {
        package var model: StudyModel
        package var fill: ShiftFill
        /// Accuracy at each of `shifts`.
        package var accuracy: [Double]
    }

    package var shifts: [Int]
    package var testCount: Int
    package var curves: [Curve]

    package static let defaultShifts = Array(0...8)

    package init(shifts: [Int], testCount: Int, curves: [Curve]) {
        self.shifts = shifts
        self.testCount = testCount
        self.curves = curves
    }

    /// One model's curves, for both fills: 1 + 4 × (shifts − 1) passes over `test`.
    package static func curves(
        of model: Sequential<Float>, named name: StudyModel, test: ImageSet,
        shifts: [Int] = defaultShifts
    ) -> [Curve] {
        let unshifted = Evaluation.run(model, on: test).accuracy
        return ShiftFill.allCases.map { fill in
            Curve(
                model: name, fill: fill,
                accuracy: shifts.map { k in
                    guard k != 0 else { return unshifted }
                    let right = Evaluation.run(model, on: test.shifted(dx: k, dy: 0, fill: fill)).accuracy
                    let down = Evaluation.run(model, on: test.shifted(dx: 0, dy: k, fill: fill)).accuracy
                    return (right + down) / 2
                })
        }
    }

    /// The probed models, in the order they were measured.
    package var models: [StudyModel] {
        curves.map(\.model).reduce(into: []) { models, m in if !models.contains(m) { models.append(m) } }
    }

    package func curve(_ model: StudyModel, _ fill: ShiftFill) -> Curve? {
        curves.first { $0.model == model && $0.fill == fill }
    }
}
