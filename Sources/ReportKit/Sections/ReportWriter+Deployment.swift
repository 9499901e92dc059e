import DocumentKit
import Study

/// The deployed model: chosen by validation accuracy, packaged for predict, serve and SageMaker.
extension ReportWriter {
    func deployment() -> Section {
        guard let key = findings.deployed, let best = results.runs.first(where: { $0.key == key }) else {
            return Section("Deployment")
        }
        let c = best.run.configuration
        return Section(
            "Deployment",
            [
                .paragraph(
                    """
                    The run with the best validation accuracy, \(title(c.model)) from seed \(c.seed) \
                    (\(Format.percent(best.validationAccuracy)) on the validation images, \
                    \(Format.percent(best.testAccuracy)) on the test set, which played no part in the choice), is \
                    packaged as [`model.tar.gz`](model.tar.gz): a gzip'd tar holding `model.weights` and `model.json` \
                    (architecture, class names, input shape and scaling, training configuration, test accuracy, data \
                    checksums), the layout SageMaker extracts into `/opt/ml/model`, and the same model as \
                    `model.onnx` (opset 17; input `images`, (N, 32, 32, 3) floats in [0, 1]; output \
                    `probabilities`) for onnxruntime. `report export --run \(best.key)` makes it again from the run \
                    cache.
                    """),
                .code(
                    """
                    swift run report predict --model report/model.tar.gz cat.png          # top classes per image \
                    (any size; resized by area averaging)
                    swift run report serve --model report/model.tar.gz --port 8080       # GET /ping, POST /invocations
                    curl -s -H 'Content-Type: image/png' --data-binary @cat.png localhost:8080/invocations
                    """),
                .paragraph(
                    """
                    `POST /invocations` takes one `image/png`, or `application/json` of the form `{"instances": \
                    [image, …]}` (32×32×3 numbers per image, channels last, floats in [0, 1] or bytes), and answers \
                    the probabilities and the top class of each image; bodies over 6 MB get 413, other content types \
                    415, unreadable PNG or JSON 400 with the reason.
                    """),
            ])
    }
}
