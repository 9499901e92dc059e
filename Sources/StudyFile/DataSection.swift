import Study

/// `data: {training_images: 5000, test_images: 1000, validation: 500}`: a subset of CIFAR-10. The
/// validation images default to a tenth of the training images (Keras' `validation_split=0.1`).
enum DataSection {
    static func parse(_ field: Field) throws -> DataSelection {
        let f = try field.fields(allowed: ["training_images", "test_images", "validation"], what: "data setting")
        let training = try f["training_images"]?.int(atLeast: 2)
        let selection = DataSelection(
            trainingLimit: training, testLimit: try f["test_images"]?.int(atLeast: 1),
            validationCount: try f["validation"]?.int(atLeast: 1) ?? max((training ?? 50_000) / 10, 1))
        if let training, selection.validationCount >= training {
            throw (f["validation"] ?? field).error(
                "\(selection.validationCount) validation images leave none of the \(training) to train on",
                fix: "hold out fewer images for validation (a tenth is usual)")
        }
        return selection
    }
}
