/// Turns proto identifiers into names that read like hand-written Swift.
enum SwiftNaming {
    /// Identifiers Swift reserves, which generated names escape with backticks.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self",
        "super", "throws", "true", "try", "Type", "Protocol", "some", "any", "consume", "copy", "borrowing",
        "consuming", "package", "each",
    ]

    /// Names a generated message already uses for its own members.
    static let reservedMembers: Set<String> = [
        "unknownFields", "protoMessageName", "serializedSize", "encode", "merge", "serializedBytes",
        "hashValue", "description",
    ]

    static func words(_ identifier: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for char in identifier {
            if char == "_" || char == "-" || char == "." {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousWasLower = false
                continue
            }
            if char.isUppercase && previousWasLower && !current.isEmpty {
                words.append(current)
                current = ""
            }
            current.append(char)
            previousWasLower = char.isLowercase || char.isNumber
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Initialisms written in capitals after the first word, as Swift's API guidelines have them:
    /// `request_id` -> `requestID`, `site_url` -> `siteURL`.
    static let initialisms: Set<String> = ["id", "url", "uri", "http", "https", "json", "csv", "ip", "tls", "sla"]

    /// `licence_no` -> `licenceNo`, `DelayMs` -> `delayMs`, `request_id` -> `requestID`.
    static func lowerCamel(_ identifier: String) -> String {
        let parts = words(identifier)
        guard let first = parts.first else { return identifier }
        var result = first.lowercased()
        for part in parts.dropFirst() {
            let lower = part.lowercased()
            result +=
                initialisms.contains(lower)
                ? lower.uppercased() : part.prefix(1).uppercased() + part.dropFirst().lowercased()
        }
        return result
    }

    /// `licence_status` -> `LicenceStatus`; names already in UpperCamelCase are kept as written.
    static func upperCamel(_ identifier: String) -> String {
        if !identifier.contains("_"), let first = identifier.first, first.isUppercase {
            return identifier
        }
        return words(identifier).map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined()
    }

    /// `LicenceStatus` -> `LICENCE_STATUS_`, the prefix proto style puts on enum values.
    static func enumValuePrefix(_ enumName: String) -> String {
        words(enumName).map { $0.uppercased() }.joined(separator: "_") + "_"
    }

    /// `LICENCE_STATUS_ACTIVE` in enum `LicenceStatus` -> `active`.
    static func enumCase(_ valueName: String, enumName: String) -> String {
        var name = valueName
        let prefix = enumValuePrefix(enumName)
        if name.hasPrefix(prefix) && name.count > prefix.count {
            name.removeFirst(prefix.count)
        }
        var result = lowerCamel(name)
        if let first = result.first, first.isNumber { result = "_" + result }
        return result
    }

    /// The identifier, in backticks where Swift would read it as a keyword.
    static func escaped(_ identifier: String) -> String {
        keywords.contains(identifier) ? "`\(identifier)`" : identifier
    }

    /// A Swift string literal for `text`.
    static func stringLiteral(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
