import Foundation

/// A literate report as data: sections of prose, tables and figures, rendered to Markdown
/// (`MarkdownRenderer`) and HTML (`HTMLRenderer`). Prose is Markdown inline text: `**strong**`,
/// `*emphasis*`, `` `code` `` and `[links](url)`. Knows nothing of what the report is about.
public struct Document: Sendable, Equatable {
    public var title: String
    public var subtitle: String?
    public var sections: [Section]

    public init(title: String, subtitle: String? = nil, sections: [Section]) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }
}

public struct Section: Sendable, Equatable {
    public var title: String
    public var blocks: [Block]
    public var subsections: [Section]

    public init(_ title: String, _ blocks: [Block] = [], subsections: [Section] = []) {
        self.title = title
        self.blocks = blocks
        self.subsections = subsections
    }

    /// The anchor GitHub and the HTML page give this heading.
    public var anchor: String { Self.slug(title) }

    static func slug(_ title: String) -> String {
        let kept = title.lowercased().unicodeScalars.filter { CharacterSet.slugCharacters.contains($0) }
        return String(String.UnicodeScalarView(kept)).replacingOccurrences(of: " ", with: "-")
    }
}

public enum Block: Sendable, Equatable {
    /// Markdown inline text (emphasis, code, links).
    case paragraph(String)
    case bullets([String])
    case table(Table)
    /// An image path relative to the report, with a caption.
    case figure(path: String, caption: String)
    /// A highlighted note.
    case callout(String)
    case code(String)
}

public struct Table: Sendable, Equatable {
    public enum Alignment: Sendable { case left, right }
    public var header: [String]
    public var rows: [[String]]
    public var alignments: [Alignment]

    public init(header: [String], rows: [[String]], alignments: [Alignment]? = nil) {
        self.header = header
        self.rows = rows
        self.alignments = alignments ?? header.indices.map { $0 == 0 ? .left : .right }
    }
}

extension CharacterSet {
    static let slugCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "- _"))
}
