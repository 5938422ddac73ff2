import ServiceStorage

/// How token secrets are stored: SHA-256, in hex. Randomness and comparison come from
/// CryptoPrimitives.
enum TokenCrypto {
    static func sha256(_ text: String) -> [UInt8] { SHA256.digest(Array(text.utf8)) }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }

    static func bytes(hex text: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex, let next = text.index(index, offsetBy: 2, limitedBy: text.endIndex) {
            if let byte = UInt8(text[index..<next], radix: 16) { result.append(byte) }
            index = next
        }
        return result
    }
}
