import Foundation

/// Codable values as pretty, key-sorted JSON files, written atomically.
public enum JSONFile {
    public static func write<V: Encodable>(_ value: V, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(value).write(to: url, options: .atomic)
    }

    public static func read<V: Decodable>(_ type: V.Type, from url: URL) throws -> V {
        try JSONDecoder().decode(type, from: Data(contentsOf: url))
    }
}
