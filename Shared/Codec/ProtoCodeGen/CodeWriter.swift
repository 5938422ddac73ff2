/// Accumulates generated source with indentation.
struct CodeWriter {
    private(set) var text = ""
    private var indentation = 0

    mutating func line(_ content: String = "") {
        if content.isEmpty {
            text += "\n"
        } else {
            text += String(repeating: "    ", count: indentation) + content + "\n"
        }
    }

    /// Writes `header {`, the body indented, then `}`.
    mutating func block(_ header: String, closing: String = "}", _ body: (inout CodeWriter) -> Void) {
        line(header)
        indentation += 1
        body(&self)
        indentation -= 1
        line(closing)
    }

    /// Writes a `switch`, with its cases at the switch's own indentation as Swift style has them.
    mutating func switchBlock(_ header: String, _ body: (inout CodeWriter) -> Void) {
        line(header)
        body(&self)
        line("}")
    }

    mutating func indented(_ body: (inout CodeWriter) -> Void) {
        indentation += 1
        body(&self)
        indentation -= 1
    }

    /// Writes a proto comment as a `///` doc comment.
    mutating func docComment(_ comment: String?) {
        guard let comment else { return }
        // Proto comments put one space after `//`; keep any further indentation (lists, code).
        var lines = comment.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasPrefix(" ") ? String($0.dropFirst()) : String($0)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        for text in lines {
            line(text.isEmpty ? "///" : "/// \(text)")
        }
    }
}
