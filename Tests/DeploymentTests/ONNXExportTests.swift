import ConvLabTestSupport
import Deployment
import Foundation
import NeuralNet
import ONNXProto
import Study
import Testing

/// The exported graph's structure and weights, read back with swift-protobuf. (Its numbers are
/// checked against onnxruntime by scripts/test-onnx.sh.)
@Suite struct ONNXExportTests {
    let classes = cifarClassNames

    func exported(_ model: ModelDefinition, seed: UInt64 = 5) throws -> (Onnx_ModelProto, Sequential<Float>) {
        let network = try Sequential<Float>(model.architecture, seed: seed)
        let manifest = ModelManifest(
            architecture: network.architecture, classNames: classes, training: .object([:]), seed: seed,
            testAccuracy: nil, dataMD5: [:], convlabVersion: "test")
        let bytes = try ONNXExport.serialized(network, manifest: manifest)
        return (try Onnx_ModelProto(serializedBytes: bytes), network)
    }

    func dims(_ info: Onnx_ValueInfoProto) -> [String] {
        info.type.tensorType.shape.dim.map { $0.dimParam.isEmpty ? String($0.dimValue) : $0.dimParam }
    }

    @Test func cnn3IsTransposedOnceEachWayAroundItsConvolutions() throws {
        let (model, _) = try exported(.cnn3)
        #expect(model.irVersion == 8 && model.opsetImport.map(\.version) == [17])
        #expect(
            model.graph.node.map(\.opType) == [
                "Transpose", "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool",
                "Transpose", "Flatten", "Gemm", "Relu", "Gemm", "Softmax",
            ])
        #expect(model.graph.input.map(\.name) == ["images"] && dims(model.graph.input[0]) == ["N", "32", "32", "3"])
        #expect(model.graph.output.map(\.name) == ["probabilities"] && dims(model.graph.output[0]) == ["N", "10"])
        #expect(model.graph.node.last?.output == ["probabilities"])
        let metadata = Dictionary(uniqueKeysWithValues: model.metadataProps.map { ($0.key, $0.value) })
        let names = Data(metadata["class_names", default: ""].utf8)
        #expect(try JSONDecoder().decode([String].self, from: names) == classes)
    }

    /// Opset 17 has no Gelu: x·½·(1 + erf(x/√2)) from its parts, on the value before it; a
    /// constant scale is a Mul by a one-element initializer.
    @Test func geluIsBuiltFromErfAndAScaleIsAMul() throws {
        let architecture = Architecture(
            name: "smooth", inputShape: [4], layers: [.dense(units: 3), .gelu, .dense(units: 10), .scale(factor: 0.5)])
        let network = try Sequential<Float>(architecture, seed: 1)
        let manifest = ModelManifest(
            architecture: architecture, classNames: classes, training: .object([:]), seed: 1, testAccuracy: nil,
            dataMD5: [:], convlabVersion: "test")
        let model = try Onnx_ModelProto(serializedBytes: try ONNXExport.serialized(network, manifest: manifest))
        let nodes = model.graph.node
        #expect(nodes.map(\.opType) == ["Gemm", "Div", "Erf", "Add", "Mul", "Mul", "Gemm", "Mul", "Softmax"])
        #expect(nodes[4].input == [nodes[3].output[0], nodes[0].output[0]], "x·(1 + erf(x/√2)) multiplies by x")
        #expect(try floats(nodes[1].input[1], in: model) == [Float(2).squareRoot()])
        #expect(try floats(nodes[7].input[1], in: model) == [0.5])
    }

    /// Without a bias, Conv and Gemm get no third input; a norm without a trained scale exports γ = 1;
    /// a normalisation is a Sub and a Div on the channels-last input.
    @Test func layersWithoutBiasOrScaleLeaveThemOut() throws {
        let architecture = Architecture(
            name: "lean", inputShape: [6, 6, 3],
            layers: [
                .cifar10Normalization, .conv2d(filters: 4, kernelSize: 2, padding: .valid, bias: false),
                .batchNorm(BatchNormSettings(momentum: 0.4, epsilon: 1e-12, scales: false)), .gelu,
                .flatten, .dense(units: 10, bias: false),
            ])
        let network = try Sequential<Float>(architecture, seed: 1)
        let manifest = ModelManifest(
            architecture: architecture, classNames: classes, training: .object([:]), seed: 1, testAccuracy: nil,
            dataMD5: [:], convlabVersion: "test")
        let model = try Onnx_ModelProto(serializedBytes: try ONNXExport.serialized(network, manifest: manifest))
        let conv = try #require(model.graph.node.first { $0.opType == "Conv" })
        let gemm = try #require(model.graph.node.first { $0.opType == "Gemm" })
        let norm = try #require(model.graph.node.first { $0.opType == "BatchNormalization" })
        #expect(conv.input.count == 2 && gemm.input.count == 2)
        #expect(conv.attribute.first { $0.name == "pads" }?.ints == [0, 0, 0, 0])
        #expect(conv.attribute.first { $0.name == "kernel_shape" }?.ints == [2, 2])
        #expect(try floats(norm.input[1], in: model) == [1, 1, 1, 1])
        #expect(norm.attribute.first { $0.name == "epsilon" }?.f == Float(1e-12))
        #expect(Array(model.graph.node.map(\.opType).prefix(3)) == ["Sub", "Div", "Transpose"])
        #expect(try floats(model.graph.node[0].input[1], in: model) == [0.4914, 0.4822, 0.4465])
        #expect(try floats(model.graph.node[1].input[1], in: model) == [0.2470, 0.2435, 0.2616])
    }

    @Test func theMLPFlattensChannelsLastWithoutATranspose() throws {
        let (model, _) = try exported(.mlp)
        #expect(!model.graph.node.map(\.opType).contains("Transpose"))
        #expect(model.graph.node.first?.opType == "Flatten")
    }

    @Test func dropoutIsLeftOutAndBatchNormalizationKeepsItsMovingStatistics() throws {
        #expect(try !exported(.cnn3Dropout).0.graph.node.map(\.opType).contains("Dropout"))
        let (model, network) = try exported(.cnn3BatchNorm)
        let norms = model.graph.node.filter { $0.opType == "BatchNormalization" }
        let layers = network.layers.compactMap { $0 as? BatchNormalization<Float> }
        #expect(norms.count == layers.count && !norms.isEmpty)
        for (node, layer) in zip(norms, layers) {
            #expect(node.attribute.first { $0.name == "epsilon" }?.f == Float(layer.epsilon))
            #expect(try floats(node.input[4], in: model) == layer.movingVariance.value.values)
        }
    }

    /// ONNX's Conv kernel is (F, C, k, k); ConvLab's is (F, k, k, C).
    @Test func convolutionKernelsArePermutedToFiltersChannelsRowsColumns() throws {
        let (model, network) = try exported(.cnn5)
        let conv = try #require(network.layers.compactMap { $0 as? Conv2D<Float> }.last)
        let node = try #require(model.graph.node.filter { $0.opType == "Conv" }.last)
        let (f, k, c) = (conv.outputShape[2], conv.kernelSize, conv.inputShape[2])
        let onnx = try floats(node.input[1], in: model)
        let convlab = conv.weight.value.values
        for (fi, ky, kx, ci) in [(0, 0, 0, 0), (f - 1, k - 1, 1, c - 1), (3, 2, 4, 7)] {
            #expect(onnx[((fi * c + ci) * k + ky) * k + kx] == convlab[((fi * k + ky) * k + kx) * c + ci])
        }
        let pads = node.attribute.first { $0.name == "pads" }?.ints
        #expect(pads == [2, 2, 2, 2])
    }

    func floats(_ name: String, in model: Onnx_ModelProto) throws -> [Float] {
        let tensor = try #require(model.graph.initializer.first { $0.name == name })
        #expect(tensor.dataType == Int32(Onnx_TensorProto.DataType.float.rawValue))
        return tensor.rawData.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
}
