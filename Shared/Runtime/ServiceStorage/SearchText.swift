import Foundation

/// Search keys for Vietnamese text: lowercase, without tone marks or other diacritics, with đ as d,
/// and runs of whitespace as one space. "bac kan" finds "Bắc Kạn"; "dong dang" finds "Đồng Đăng".
/// Stored beside the text it indexes and compared with the key of the query.
public enum SearchText {
    public static func key(_ text: String) -> String {
        collapsed(latinFolded(text) ?? foundationFolded(text))
    }

    /// The key with every character folded by Foundation (what ``key(_:)`` does for text outside
    /// the Latin ranges, and what the fast path is tested against).
    static func foundationKey(_ text: String) -> String { collapsed(foundationFolded(text)) }

    static func foundationFolded(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    }

    /// Text wholly in the ranges Vietnamese is written in when composed (ASCII, Latin-1, Latin
    /// Extended-A and B, Latin Extended Additional), folded character by character from a table
    /// of Foundation's own foldings; nil for anything else, combining marks included (whose
    /// folding depends on what they follow). Folding of these is a mapping of single characters,
    /// and asking Foundation for each name was most of a licence's search key.
    static func latinFolded(_ text: String) -> String? {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = Int(scalar.value)
            if value < LatinFolding.basic.count {
                result += LatinFolding.basic[value]
            } else if LatinFolding.additional.indices.contains(value - 0x1E00) {
                result += LatinFolding.additional[value - 0x1E00]
            } else {
                return nil
            }
        }
        return result
    }

    enum LatinFolding {
        static let basic = (0..<0x300).map(folded)
        static let additional = (0x1E00..<0x1F00).map(folded)

        static func folded(_ value: Int) -> String {
            Unicode.Scalar(value).map { foundationFolded(String(Character($0))) } ?? ""
        }
    }

    /// Runs of whitespace as one space, none at either end; đ as d.
    static func collapsed(_ folded: String) -> String {
        var result = ""
        result.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            let isWhitespace =
                scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
            if isWhitespace {
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
