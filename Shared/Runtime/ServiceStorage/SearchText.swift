import Foundation

/// Search keys for Vietnamese text: lowercase, without tone marks or other diacritics, with đ as d,
/// and runs of whitespace as one space. "bac kan" finds "Bắc Kạn"; "dong dang" finds "Đồng Đăng".
/// Stored beside the text it indexes and compared with the key of the query.
public enum SearchText {
    public static func key(_ text: String) -> String {
        latinKey(text) ?? collapsed(foundationFolded(text))
    }

    /// The key with every character folded by Foundation (what ``key(_:)`` does for text outside
    /// the Latin ranges, and what the fast path is tested against).
    static func foundationKey(_ text: String) -> String { collapsed(foundationFolded(text)) }

    static func foundationFolded(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    }

    /// The key of text wholly in the ranges Vietnamese is written in when composed (ASCII,
    /// Latin-1, Latin Extended-A and B, Latin Extended Additional), in one pass: each character's
    /// bytes in the key come from a table made of Foundation's own foldings; nil for anything
    /// else, combining marks included (whose folding depends on what they follow). Folding of
    /// these is a mapping of single characters: asking Foundation for each name was most of a
    /// licence's search key, and a string appended per character, then walked again to fold
    /// whitespace, 3% of a licence's write.
    static func latinKey(_ text: String) -> String? {
        var key: [UInt8] = []
        key.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            guard let index = LatinFolding.index(of: scalar) else { return nil }
            let piece = LatinFolding.pieces[index]
            switch piece.count {
            case LatinFolding.whitespace:
                pendingSpace = !key.isEmpty
            case LatinFolding.mixed:
                return nil
            case 0:
                continue
            default:
                if pendingSpace {
                    key.append(UInt8(ascii: " "))
                    pendingSpace = false
                }
                key.append(contentsOf: LatinFolding.bytes[Int(piece.start)..<Int(piece.start) + Int(piece.count)])
            }
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// Each Latin character's part of a key: its folding's UTF-8 bytes (đ as d), or that it is
    /// whitespace, or (never seen, but not assumed) that its folding mixes the two.
    enum LatinFolding {
        struct Piece {
            var start: Int32
            var count: Int32
        }

        static let whitespace: Int32 = -1
        static let mixed: Int32 = -2

        static func index(of scalar: Unicode.Scalar) -> Int? {
            let value = Int(scalar.value)
            if value < 0x300 { return value }
            if (0x1E00..<0x1F00).contains(value) { return 0x300 + value - 0x1E00 }
            return nil
        }

        static let (pieces, bytes): ([Piece], [UInt8]) = {
            var pieces: [Piece] = []
            var bytes: [UInt8] = []
            for value in Array(0..<0x300) + Array(0x1E00..<0x1F00) {
                let folded = Unicode.Scalar(value).map { foundationFolded(String(Character($0))) } ?? ""
                let spaces = folded.unicodeScalars.filter(isWhitespace).count
                if spaces > 0 {
                    pieces.append(Piece(start: 0, count: spaces == folded.unicodeScalars.count ? whitespace : mixed))
                    continue
                }
                let piece = Array(collapsed(folded).utf8)
                pieces.append(Piece(start: Int32(bytes.count), count: Int32(piece.count)))
                bytes += piece
            }
            return (pieces, bytes)
        }()
    }

    /// Whitespace as keys fold it: runs of it become one space.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    /// Runs of whitespace as one space, none at either end; đ as d.
    static func collapsed(_ folded: String) -> String {
        var result = ""
        result.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if isWhitespace(scalar) {
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
