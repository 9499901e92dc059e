import Foundation

/// Weights on disk. The format (version 2), all integers little-endian:
///
///     bytes 0..<8     magic "CONVLABW"
///     UInt32          format version (2)
///     UInt32          H, the length of the JSON header
///     H bytes         JSON `Checkpoint.Header`: architecture, class names, metadata, and the
///                     name and shape of every parameter tensor, in layer order, then of every
///                     buffer (`"trainable": false`: batch normalisation's moving statistics)
///     the rest        each tensor's elements as Float32, in header order
///
/// Version 1 is the same without buffers (its architectures have none); it still reads.
/// Loading checks the magic, the version, the byte count, and (when asked) that the stored
/// architecture is the expected one.
public enum Checkpoint {
    public static let magic = Array("CONVLABW".utf8)
    public static let formatVersion: UInt32 = 2
    public static let readableVersions: ClosedRange<UInt32> = 1...2

    public struct Header: Codable, Equatable, Sendable {
        public struct Entry: Codable, Equatable, Sendable {
            public let layer: Int
            public let name: String
            public let shape: [Int]
            /// false for a buffer; omitted for a parameter.
            public var trainable: Bool?
        }
        public let architecture: Architecture
        public let classNames: [String]
        public let metadata: [String: String]
        public let parameters: [Entry]
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func encode<T: Scalar>(
        _ model: Sequential<T>, classNames: [String], metadata: [String: String] = [:]
    ) throws -> Data {
        var entries: [Header.Entry] = []
        for (layer, spec) in zip(model.layers, model.specIndices) {
            for p in layer.parameters { entries.append(.init(layer: spec, name: p.name, shape: p.value.shape)) }
        }
        for (layer, spec) in zip(model.layers, model.specIndices) {
            for b in layer.buffers {
                entries.append(.init(layer: spec, name: b.name, shape: b.value.shape, trainable: false))
            }
        }
        let header = Header(
            architecture: model.architecture, classNames: classNames, metadata: metadata, parameters: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(header)
        var data = Data(magic)
        append(formatVersion, to: &data)
        append(UInt32(json.count), to: &data)
        data.append(json)
        for tensor in model.parameters.map(\.value) + model.buffers.map(\.value) {
            for i in 0..<tensor.count { append(Float(tensor[flat: i]).bitPattern, to: &data) }
        }
        return data
    }

    /// Writes atomically: a reader never sees half a file.
    public static func save<T: Scalar>(
        _ model: Sequential<T>, classNames: [String], metadata: [String: String] = [:], to url: URL
    ) throws {
        try encode(model, classNames: classNames, metadata: metadata).write(to: url, options: .atomic)
    }

    public static func load<T: Scalar>(
        from url: URL, expecting expected: Architecture? = nil,
        options: EngineOptions = .fastest
    ) throws -> (model: Sequential<T>, header: Header) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw Failure(description: "cannot read weights file \(url.path): \(error.localizedDescription)")
        }
        return try decode(data, source: url.path, expecting: expected, options: options)
    }

    public static func decode<T: Scalar>(
        _ data: Data, source: String, expecting expected: Architecture? = nil,
        options: EngineOptions = .fastest
    ) throws -> (model: Sequential<T>, header: Header) {
        let bytes = [UInt8](data)
        func fail(_ why: String) -> Failure { Failure(description: "\(source): \(why)") }
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else {
            throw fail(
                "not a ConvLab weights file (it does not start with \"CONVLABW\"); export one with `report train "
                    + "--out` or `report export`"
            )
        }
        let version = readUInt32(bytes, at: 8)
        guard readableVersions.contains(version) else {
            throw fail(
                "weights format version \(version), but this ConvLab reads versions "
                    + "\(readableVersions.lowerBound)–\(readableVersions.upperBound); "
                    + "re-export the model with this version"
            )
        }
        let headerLength = Int(readUInt32(bytes, at: 12))
        guard 16 + headerLength <= bytes.count else {
            throw fail("truncated: the header says \(headerLength) bytes, the file is \(bytes.count)")
        }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: Data(bytes[16..<(16 + headerLength)])) } catch {
            throw fail("unreadable header: \(error)")
        }
        if let expected, expected != header.architecture {
            throw fail(
                "holds architecture \"\(header.architecture.name)\" "
                    + "\(header.architecture.layers.map(\.kind.rawValue)), "
                    + "expected \"\(expected.name)\" \(expected.layers.map(\.kind.rawValue))"
            )
        }
        let model: Sequential<T>
        do { model = try Sequential<T>(header.architecture, seed: 0, options: options) } catch {
            throw fail("invalid architecture: \(error)")
        }
        let tensors = model.parameters.map(\.value) + model.buffers.map(\.value)
        guard tensors.map(\.shape) == header.parameters.map(\.shape) else {
            throw fail(
                "tensor shapes \(header.parameters.map(\.shape)) do not match the architecture's "
                    + "\(tensors.map(\.shape))"
            )
        }
        let expectedBytes = 16 + headerLength + 4 * tensors.reduce(0) { $0 + $1.count }
        guard bytes.count == expectedBytes else {
            throw fail("is \(bytes.count) bytes, expected \(expectedBytes): truncated or corrupt")
        }
        var offset = 16 + headerLength
        for tensor in tensors {
            for i in 0..<tensor.count {
                tensor[flat: i] = T(Float(bitPattern: readUInt32(bytes, at: offset)))
                offset += 4
            }
        }
        return (model, header)
    }

    private static func append(_ value: UInt32, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }
}
