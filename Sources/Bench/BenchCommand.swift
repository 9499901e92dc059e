import ArgumentParser
import CIFAR
import Foundation
import NeuralNet
import Study

@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Training and inference speed of the study's models. Build with -c release.")

    @Option(help: "One of the study's models; the lab's three (mlp, cnn3, cnn5) when omitted.") var model: String?
    @Option(help: "Folder of the CIFAR-10 binary files; without it $CIFAR10_DIR or the cache, else synthetic data.")
    var data: String?
    @Option(help: "Training batch size (airbench's recipe trains in batches of 1024).") var batch = 64
    @Flag(help: "Also print a per-layer profile of forward and backward times.") var layers = false
    @Flag(help: "Only the per-layer profile: skip the epoch and inference measurements.") var profileOnly = false
    @Option(help: "Threads for oneDNN (OpenMP); the default is one per core.") var threads: Int?
    @Option(help: "Convolutions and batch norm: oneDNN (Winograd where it pays), oneDNN-direct, or im2col (own loops).")
    var convolution = ConvolutionEngine.preferred
    @Option(
        help: ArgumentHelp(
            "Activations between oneDNN convolutions: blocked (channel blocks of 16) or nhwc "
                + "(default: blocked where the processor has AVX-512, else nhwc)."))
    var layout = EngineOptions.fastest.blocksChannels ? "blocked" : "nhwc"
    @Flag(help: "Print JSON lines instead of a table.") var json = false

    func validate() throws {
        if let model, StudyModel(rawValue: model).builtIn == nil {
            let names = ModelDefinition.builtIn.map(\.name).joined(separator: ", ")
            throw ValidationError("--model is one of \(names), not \(model)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if !(1...4096).contains(batch) { throw ValidationError("--batch is 1 to 4096, not \(batch)") }
        if !["blocked", "nhwc"].contains(layout) {
            throw ValidationError("--layout is blocked or nhwc, not \(layout)")
        }
        if layout == "blocked" && !ActivationLayout.channelBlocksRunFast {
            throw ValidationError("--layout blocked needs a processor with AVX-512; this one runs NHWC")
        }
    }

    var engine: EngineOptions { EngineOptions(convolution: convolution, blocksChannels: layout == "blocked") }

    func run() throws {
        if let threads, !ComputeThreads.set(threads) {
            print("note: --threads has no effect here (no OpenMP runtime); the GEMM library schedules its own threads")
        }
        let models = (model.map { [StudyModel(rawValue: $0)] } ?? StudyModel.lab).compactMap(\.builtIn)
        if profileOnly {
            for m in models {
                print("\(m.name), convolution \(convolution.rawValue), \(layout):")
                try printProfile(m)
            }
            return
        }
        let (dataset, name) = try loadData()
        let peak = GEMMBackend.measuredGFLOPS()
        if !json {
            print(String(format: "sgemm 2048³ here: %.0f GFLOPS (the peak the share is of)", peak))
            print(
                "model   data        batch   train img/s   epoch s   infer img/s (bs 256)   library share   library "
                    + "GFLOPS   overall GFLOPS   of peak   peak MB"
            )
        }
        for m in models {
            let t = try Throughput.measure(
                m, batchSize: batch, data: dataset, dataName: name, engine: engine, peakGFLOPS: peak)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                print(String(decoding: try encoder.encode(t), as: UTF8.self))
            } else {
                print(
                    String(
                        format: "%-6@  %-10@  %5d   %11.0f   %7.1f   %20.0f   %12.0f%%   %14.0f   %14.0f   "
                            + "%6.0f%%   %7.0f",
                        t.model as NSString, t.data as NSString, t.batchSize, t.trainingImagesPerSecond,
                        t.epochSeconds, t.inferenceImagesPerSecond, 100 * t.libraryShare, t.libraryGFLOPS,
                        t.effectiveGFLOPS, 100 * t.shareOfPeak, t.peakResidentMB ?? .nan))
            }
            if layers {
                try printProfile(m)
            }
            fflush(nil)
        }
    }
}

extension BenchCommand {
    /// Per-layer forward and backward times over 30 training steps of batch `--batch`.
    func printProfile(_ model: ModelDefinition) throws {
        let network = try Sequential<Float>(model.architecture, seed: 0, options: engine)
        print(LayerProfile.measure(network, batchSize: batch, steps: 30, seed: 1).render(batchSize: batch))
    }

    /// The folder `--data` or $CIFAR10_DIR names (an error when it holds no CIFAR-10), else the
    /// cache's, else synthetic images of the same shapes.
    func loadData() throws -> (CIFAR10, String) {
        guard let located = try DataLocator(explicitDirectory: data).existingFolder() else {
            return (Throughput.syntheticData(), "synthetic")
        }
        return (try CIFAR10.load(from: located.directory), "CIFAR-10")
    }
}

extension ConvolutionEngine: ExpressibleByArgument {}
