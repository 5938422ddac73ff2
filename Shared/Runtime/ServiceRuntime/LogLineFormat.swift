import Foundation
import Logging

/// The pieces of a log line, built by hand: every call writes one, and `JSONSerialization` was
/// part of a fifth of a health check's CPU. The output is the same: JSON objects with sorted keys,
/// slashes unescaped and text as UTF-8. (Timestamps: ``LogLineBytes/timestamp()``.)
enum LogLineFormat {
    /// `fields` as one JSON object, keys sorted.
    static func jsonObject(_ fields: [(String, Logger.Metadata.Value)], into text: inout String) {
        text.append("{")
        for (index, (key, value)) in fields.sorted(by: { $0.0 < $1.0 }).enumerated() {
            if index > 0 { text.append(",") }
            jsonString(key, into: &text)
            text.append(":")
            jsonValue(value, into: &text)
        }
        text.append("}")
    }

    static func jsonValue(_ value: Logger.Metadata.Value, into text: inout String) {
        switch value {
        case .string(let string): jsonString(string, into: &text)
        case .stringConvertible(let convertible): jsonString(convertible.description, into: &text)
        case .array(let values):
            text.append("[")
            for (index, element) in values.enumerated() {
                if index > 0 { text.append(",") }
                jsonValue(element, into: &text)
            }
            text.append("]")
        case .dictionary(let values): jsonObject(values.map { ($0.key, $0.value) }, into: &text)
        }
    }

    /// `string` on a text line: a caller's words reach the log (a licence id in a NOT_FOUND's
    /// message, say), and a line break or other control character in them would start a line of
    /// the caller's making. Those are written as `\n`, `\r`, `\t` or `\u{..}`; anything else as it is.
    static func appendControlsEscaped(_ string: String, to text: inout String) {
        guard string.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            text += string
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: text += scalar.escaped(asASCII: true)
            default: text.unicodeScalars.append(scalar)
            }
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped, the rest as it is.
    static func jsonString(_ string: String, into text: inout String) {
        text.append("\"")
        var plainStart = string.unicodeScalars.startIndex
        var index = plainStart
        let scalars = string.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let escape: String? =
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\n": "\\n"
                case "\r": "\\r"
                case "\t": "\\t"
                case "\u{08}": "\\b"
                case "\u{0C}": "\\f"
                default:
                    scalar.value < 0x20
                        ? "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16) : nil
                }
            if let escape {
                text.unicodeScalars.append(contentsOf: scalars[plainStart..<index])
                text.append(escape)
                plainStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        text.unicodeScalars.append(contentsOf: scalars[plainStart..<scalars.endIndex])
        text.append("\"")
    }
}
