/// The inline Markdown the document's prose uses, as HTML: `**strong**`, `*emphasis*`,
/// `` `code` ``, `[text](url)`; `&`, `<` and `>` escaped. An opening mark without its closing
/// one is kept as text.
enum InlineMarkdown {
    static func html(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let c = rest.first {
            if let (html, after) = span(at: rest) {
                out += html
                rest = after
            } else {
                out += HTMLRenderer.escape(String(c))
                rest = rest.dropFirst()
            }
        }
        return out
    }

    /// The HTML of the span that starts `text`, and what follows it; nil when none starts there.
    private static func span(at text: Substring) -> (String, Substring)? {
        if text.hasPrefix("`"), let (inner, after) = enclosed(text, "`", "`") {
            return ("<code>\(HTMLRenderer.escape(String(inner)))</code>", after)
        }
        if text.hasPrefix("**"), let (inner, after) = enclosed(text, "**", "**") {
            return ("<strong>\(html(String(inner)))</strong>", after)
        }
        if text.hasPrefix("*"), let (inner, after) = enclosed(text, "*", "*") {
            return ("<em>\(html(String(inner)))</em>", after)
        }
        if text.hasPrefix("["), let (label, afterLabel) = enclosed(text, "[", "]"),
            afterLabel.hasPrefix("("), let (url, after) = enclosed(afterLabel, "(", ")")
        {
            return ("<a href=\"\(url)\">\(html(String(label)))</a>", after)
        }
        return nil
    }

    /// What lies between `open` at the start of `text` and the next `close`, and what follows.
    private static func enclosed(_ text: Substring, _ open: String, _ close: String) -> (Substring, Substring)? {
        let start = text.index(text.startIndex, offsetBy: open.count)
        guard let end = text[start...].range(of: close), end.lowerBound > start else { return nil }
        return (text[start..<end.lowerBound], text[end.upperBound...])
    }
}
