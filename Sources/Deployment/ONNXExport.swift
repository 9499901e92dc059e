import Foundation
import NeuralNet
import ONNXProto
import SwiftProtobuf

/// A trained model as an ONNX file. Opset 17 (IR version 8): onnxruntime runs it from 1.13 on,
/// and every current release does. The input is what a user of ConvLab feeds it, `images`
/// (N, H, W, 3) float32 RGB in [0, 1], channels last; the output is `probabilities` (N, classes),
/// a softmax; the class names are in the metadata (`class_names`, a JSON array). Dropout is left
/// out (it is the identity at inference), batch normalisation exports as BatchNormalization with
/// the moving statistics, and a Transpose brings the values back to channels last before a
/// Flatten, so the dense weights keep Keras' (H, W, C) order.
package enum ONNXExport {
    package static let opset = 17
    package static let irVersion = 8
    package static let inputName = "images"
    package static let outputName = "probabilities"
    package static let classNamesKey = "class_names"

    /// The model's bytes: the same network and manifest give the same bytes.
    package static func serialized(_ network: Sequential<Float>, manifest: ModelManifest) throws -> Data {
        try model(network, manifest: manifest).serializedData()
    }

    package static func model(_ network: Sequential<Float>, manifest: ModelManifest) throws -> Onnx_ModelProto {
        var model = Onnx_ModelProto()
        model.irVersion = Int64(irVersion)
        var opsetID = Onnx_OperatorSetIdProto()
        opsetID.domain = ""
        opsetID.version = Int64(opset)
        model.opsetImport = [opsetID]
        model.producerName = "ConvLab"
        model.producerVersion = manifest.convlabVersion
        model.modelVersion = 1
        model.docString = "\(manifest.architecture.name), seed \(manifest.seed), trained on CIFAR-10 by ConvLab"
        model.graph = try graph(network, classes: manifest.classNames.count)
        model.metadataProps = try metadata(manifest)
        return model
    }

    static func graph(_ network: Sequential<Float>, classes: Int) throws -> Onnx_GraphProto {
        let architecture = network.architecture
        let built = Dictionary(uniqueKeysWithValues: zip(network.specIndices, network.layers))
        let shapes = try architecture.outputShapes()
        var builder = ONNXGraph(input: inputName, layout: architecture.inputShape.count == 3 ? .channelsLast : .flat)
        for (index, spec) in architecture.layers.enumerated() {
            let input = index == 0 ? architecture.inputShape : shapes[index - 1]
            try ONNXLayer(spec: spec, built: built[index], index: index, inputShape: input).append(to: &builder)
        }
        guard shapes.last == [classes] else {
            throw DeploymentError(
                "the network ends in \(shapes.last ?? []), not one logit per class (\(classes)); it cannot be exported")
        }
        builder.add("Softmax", attributes: [.int("axis", 1)], output: outputName)
        var graph = Onnx_GraphProto()
        graph.name = architecture.name
        graph.node = builder.nodes
        graph.initializer = builder.initializers
        graph.input = [valueInfo(inputName, dims: architecture.inputShape)]
        graph.output = [valueInfo(outputName, dims: [classes])]
        return graph
    }

    /// A float32 tensor of a batch of any size ("N") and `dims` per sample.
    static func valueInfo(_ name: String, dims: [Int]) -> Onnx_ValueInfoProto {
        var batch = Onnx_TensorShapeProto.Dimension()
        batch.dimParam = "N"
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.shape.dim =
            [batch]
            + dims.map { size in
                var d = Onnx_TensorShapeProto.Dimension()
                d.dimValue = Int64(size)
                return d
            }
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type.tensorType = tensor
        return info
    }

    static func metadata(_ manifest: ModelManifest) throws -> [Onnx_StringStringEntryProto] {
        let shape = manifest.inputShape.map(String.init).joined(separator: ", ")
        var entries: [(String, String)] = [
            (classNamesKey, String(decoding: try JSONEncoder().encode(manifest.classNames), as: UTF8.self)),
            ("input", "\(inputName): float32 (N, \(shape)), RGB bytes divided by 255, channels last"),
            ("output", "\(outputName): float32 (N, \(manifest.classNames.count)), softmax over class_names"),
            ("architecture", manifest.architecture.name),
            ("seed", String(manifest.seed)),
            ("convlab_version", manifest.convlabVersion),
        ]
        if let accuracy = manifest.testAccuracy { entries.append(("test_accuracy", String(accuracy))) }
        return entries.map { key, value in
            var entry = Onnx_StringStringEntryProto()
            entry.key = key
            entry.value = value
            return entry
        }
    }
}
