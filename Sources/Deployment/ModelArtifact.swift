import Foundation
import NeuralNet

/// A trained model for use outside ConvLab: `model.tar.gz` in the shape SageMaker expects (a gzip'd
/// tar whose root holds the weights, `model.json` and the same model as `model.onnx`; SageMaker
/// extracts it into /opt/ml/model), or the ONNX file alone.
package enum ModelArtifact {
    package enum Format: String, CaseIterable, Sendable {
        case sageMaker = "tar.gz"
        case onnx
    }

    /// Writes the artifact atomically (built in a temporary place, renamed into place) and
    /// reproducibly: the same weights and manifest give the same bytes.
    package static func export(weights: URL, manifest: ModelManifest, to url: URL, format: Format = .sageMaker) throws {
        // Check the weights match the manifest before packing them.
        let (network, _): (Sequential<Float>, Checkpoint.Header) = try Checkpoint.load(
            from: weights, expecting: manifest.architecture)
        let onnx = try ONNXExport.serialized(network, manifest: manifest)
        let fm = FileManager.default
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard format == .sageMaker else { return try onnx.write(to: url, options: .atomic) }
        let staging = fm.temporaryDirectory.appendingPathComponent("convlab-export-\(UUID().uuidString)")
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: staging) }
        try fm.copyItem(at: weights, to: staging.appendingPathComponent(ModelManifest.weightsFile))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: staging.appendingPathComponent(ModelManifest.manifestFile))
        try onnx.write(to: staging.appendingPathComponent(ModelManifest.onnxFile))
        let partial = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        defer { try? fm.removeItem(at: partial) }
        try tar(
            reproducible + ["-cf", partial.path, "-C", staging.path] + [
                ModelManifest.manifestFile, ModelManifest.weightsFile, ModelManifest.onnxFile,
            ])
        if fm.fileExists(atPath: url.path) { try fm.removeItem(at: url) }
        try fm.moveItem(at: partial, to: url)
    }

    /// GNU tar's settings that make the same files give the same archive, byte for byte: names in
    /// order, no dates, owners or modes of the machine that packed them, and a gzip header
    /// without the time and file name (`gzip -n`).
    static let reproducible = [
        "--sort=name", "--format=gnu", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner",
        "--mode=a=r,u+w", "--use-compress-program=gzip -n",
    ]

    /// Loads an artifact: a `.tar.gz`, or a folder it was extracted into (such as /opt/ml/model).
    package static func load(_ url: URL) throws -> (model: Sequential<Float>, manifest: ModelManifest) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw DeploymentError(
                "\(url.path): no such model; pass --model model.tar.gz (from `report export`) or its extracted folder")
        }
        if isDirectory.boolValue { return try loadFolder(url) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        do { try tar(["-xzf", url.path, "-C", folder.path]) } catch {
            throw DeploymentError("\(url.path): not a readable .tar.gz model artifact (\(error))")
        }
        return try loadFolder(folder, source: url.path)
    }

    static func loadFolder(
        _ folder: URL, source: String? = nil
    ) throws -> (model: Sequential<Float>, manifest: ModelManifest) {
        let name = source ?? folder.path
        let manifestURL = folder.appendingPathComponent(ModelManifest.manifestFile)
        let weightsURL = folder.appendingPathComponent(ModelManifest.weightsFile)
        for file in [manifestURL, weightsURL] where !FileManager.default.fileExists(atPath: file.path) {
            throw DeploymentError(
                "\(name): \(file.lastPathComponent) is missing; an artifact holds \(ModelManifest.manifestFile) "
                    + "and \(ModelManifest.weightsFile)"
            )
        }
        let manifest: ModelManifest
        do { manifest = try JSONDecoder().decode(ModelManifest.self, from: Data(contentsOf: manifestURL)) } catch {
            throw DeploymentError("\(name): \(ModelManifest.manifestFile) is unreadable (\(error))")
        }
        guard manifest.formatVersion == ModelManifest.formatVersion else {
            throw DeploymentError(
                "\(name): artifact format version \(manifest.formatVersion), this ConvLab reads "
                    + "\(ModelManifest.formatVersion); export it again"
            )
        }
        do {
            let (model, header): (Sequential<Float>, Checkpoint.Header) = try Checkpoint.load(
                from: weightsURL, expecting: manifest.architecture)
            guard header.classNames == manifest.classNames else {
                throw DeploymentError("class names differ between the weights and model.json")
            }
            return (model, manifest)
        } catch {
            throw DeploymentError("\(name): \(error)")
        }
    }

    static func tar(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tar"] + arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DeploymentError("tar failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
