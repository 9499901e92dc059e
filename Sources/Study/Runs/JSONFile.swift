import Foundation

/// Codable values as pretty, key-sorted JSON files, written atomically.
package enum JSONFile {
    package static func write<V: Encodable>(_ value: V, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(value).write(to: url, options: .atomic)
    }

    package static func read<V: Decodable>(_ type: V.Type, from url: URL) throws -> V {
        try JSONDecoder().decode(type, from: Data(contentsOf: url))
    }
}
