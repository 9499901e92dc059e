import Foundation

/// Codable values as pretty, key-sorted JSON files, written atomically.
package enum JSONFile {
    package static func write<V: Encodable>(_ value: V, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileErrors.writeAtomically(encoded(value), to: url)
    }

    /// The bytes `write` writes.
    package static func encoded<V: Encodable>(_ value: V) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(value)
    }

    package static func read<V: Decodable>(_ type: V.Type, from url: URL) throws -> V {
        try JSONDecoder().decode(type, from: Data(contentsOf: url))
    }

    /// Why `read` failed, in a phrase: where in the file and what was wrong, not the whole error.
    package static func reason(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        let context: DecodingError.Context
        switch error {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
            context = c
        @unknown default:
            return "\(error)"
        }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        let underlying = (context.underlyingError as NSError?).map { " (\($0.localizedDescription))" } ?? ""
        return (path.isEmpty ? "" : "at \(path.drop { $0 == "." }): ") + context.debugDescription + underlying
    }
}
