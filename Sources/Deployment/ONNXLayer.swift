import NeuralNet
import ONNXProto

/// One layer of an architecture as ONNX nodes, with its trained weights.
struct ONNXLayer {
    let spec: LayerSpec
    /// The layer as built; nil for a ReLU folded into its producer (it still exports as a Relu).
    let built: (any Layer<Float>)?
    let index: Int
    /// Per sample, ConvLab's (H, W, C) or (C).
    let inputShape: [Int]

    private var prefix: String { "layer\(index)_\(spec.kind.rawValue)" }

    func append(to graph: inout ONNXGraph) throws {
        switch spec {
        case .conv2d(let filters, let k, let padding, let stride, let bias):
            try appendConvolution(
                filters: filters, kernel: k, padding: padding, stride: stride, bias: bias, to: &graph)
        case .maxPool2d(let size), .averagePool2d(let size):
            graph.arrange(.channelsFirst)
            graph.add(
                spec.kind == .maxPooling2d ? "MaxPool" : "AveragePool",
                attributes: [.ints("kernel_shape", [size, size]), .ints("strides", [size, size])])
        case .globalAveragePool2d:
            graph.arrange(.channelsFirst)
            graph.add("GlobalAveragePool")
            graph.add("Flatten", attributes: [.int("axis", 1)])
            graph.produced(.flat)
        case .relu:
            graph.add("Relu")
        case .gelu:
            appendGELU(to: &graph)
        case .scale(let factor):
            graph.add("Mul", inputs: [graph.weights("\(prefix)_factor", dims: [1], values: [Float(factor)])])
        case .normalize(let mean, let std):
            // Channels last, so the per-channel constants broadcast over the last axis.
            if inputShape.count == 3 { graph.arrange(.channelsLast) }
            graph.add(
                "Sub", inputs: [graph.weights("\(prefix)_mean", dims: [mean.count], values: mean.map(Float.init))])
            graph.add("Div", inputs: [graph.weights("\(prefix)_std", dims: [std.count], values: std.map(Float.init))])
        case .dropout:
            break  // the identity at inference
        case .flatten:
            // ConvLab flattens channels last (Keras' order): the dense weights after it expect that.
            graph.arrange(.channelsLast)
            graph.add("Flatten", attributes: [.int("axis", 1)])
            graph.produced(.flat)
        case .dense(let units, let bias):
            let dense: Dense<Float> = try layer()
            let w = graph.weights("\(prefix)_kernel", dims: [inputShape[0], units], values: dense.weight.value.values)
            let b = bias ? [graph.weights("\(prefix)_bias", dims: [units], values: dense.bias.value.values)] : []
            graph.add("Gemm", inputs: [w] + b)
        case .batchNorm:
            try appendBatchNormalization(to: &graph)
        }
    }

    /// ConvLab's kernels are (F, k, k, C); ONNX's Conv wants (F, C, k, k). Without a bias, Conv's
    /// optional third input is left out.
    private func appendConvolution(
        filters: Int, kernel k: Int, padding: Padding, stride: Int, bias: Bool, to graph: inout ONNXGraph
    ) throws {
        let conv: Conv2D<Float> = try layer()
        let c = inputShape[2]
        let kernel = conv.weight.value.values
        var permuted = [Float](repeating: 0, count: kernel.count)
        for f in 0..<filters {
            for ky in 0..<k {
                for kx in 0..<k {
                    for ch in 0..<c {
                        permuted[((f * c + ch) * k + ky) * k + kx] = kernel[((f * k + ky) * k + kx) * c + ch]
                    }
                }
            }
        }
        let pad = ConvGeometry(
            height: inputShape[0], width: inputShape[1], channels: c, kernel: k, padding: padding, stride: stride
        ).pad
        graph.arrange(.channelsFirst)
        let w = graph.weights("\(prefix)_kernel", dims: [filters, c, k, k], values: permuted)
        let b = bias ? [graph.weights("\(prefix)_bias", dims: [filters], values: conv.bias.value.values)] : []
        graph.add(
            "Conv", inputs: [w] + b,
            attributes: [
                .ints("kernel_shape", [k, k]), .ints("pads", [pad, pad, pad, pad]), .ints("strides", [stride, stride]),
            ])
    }

    /// x·½·(1 + erf(x/√2)) from Div, Erf, Add and Mul: opset 17 has no Gelu operator (20 has).
    private func appendGELU(to graph: inout ONNXGraph) {
        let x = graph.current
        graph.add("Div", inputs: [graph.weights("\(prefix)_sqrt2", dims: [1], values: [Float(2).squareRoot()])])
        graph.add("Erf")
        graph.add("Add", inputs: [graph.weights("\(prefix)_one", dims: [1], values: [1])])
        graph.add("Mul", inputs: [x])
        graph.add("Mul", inputs: [graph.weights("\(prefix)_half", dims: [1], values: [0.5])])
    }

    /// Inference-mode BatchNormalization with the moving statistics, on (N, C, H, W) or (N, C).
    private func appendBatchNormalization(to graph: inout ONNXGraph) throws {
        let norm: BatchNormalization<Float> = try layer()
        if inputShape.count == 3 { graph.arrange(.channelsFirst) }
        let c = [inputShape.last ?? 1]
        let inputs = [
            graph.weights("\(prefix)_gamma", dims: c, values: norm.gamma.value.values),
            graph.weights("\(prefix)_beta", dims: c, values: norm.beta.value.values),
            graph.weights("\(prefix)_moving_mean", dims: c, values: norm.movingMean.value.values),
            graph.weights("\(prefix)_moving_variance", dims: c, values: norm.movingVariance.value.values),
        ]
        graph.add("BatchNormalization", inputs: inputs, attributes: [.float("epsilon", Float(norm.epsilon))])
    }

    private func layer<L>() throws -> L {
        guard let layer = built as? L else {
            throw DeploymentError("layer \(index) (\(spec.kind.rawValue)) was not built as \(L.self); cannot export it")
        }
        return layer
    }
}
