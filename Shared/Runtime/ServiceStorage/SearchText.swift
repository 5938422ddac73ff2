import Foundation

/// Search keys for Vietnamese text: lowercase, without tone marks or other diacritics, with đ as d,
/// and runs of whitespace as one space. "bac kan" finds "Bắc Kạn"; "dong dang" finds "Đồng Đăng".
/// Stored beside the text it indexes and compared with the key of the query.
public enum SearchText {
    public static func key(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        var result = ""
        result.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            switch scalar {
            // đ is a letter of its own, not d with a mark, so folding leaves it.
            case "đ", "Đ": result.append("d")
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A `LIKE` pattern matching keys that contain the query's key, with `%`, `_` and the escape
    /// character itself escaped (use with `ESCAPE '\'`).
    public static func containsPattern(_ query: String) -> String {
        var escaped = ""
        for character in key(query) {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}
