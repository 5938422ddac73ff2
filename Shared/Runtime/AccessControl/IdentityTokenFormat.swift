import CommonAPI
import CryptoPrimitives

/// The spelling of a signed identity token: `dic2.<key id>.<claims>.<signature>`, the claims the
/// protobuf encoding of `IdentityClaims` and both in URL-safe base64. The signature covers
/// everything before its dot, so the key id cannot be swapped either.
enum IdentityTokenFormat {
    static let prefix = "dic2."
    /// Longer is not one of ours: refused before any decoding or signature work.
    static let maximumLength = 1024

    struct Parts {
        var keyID: Substring
        var claims: [UInt8]
        var signature: [UInt8]
        var signedBytes: [UInt8]
    }

    static func compose(keyID: String, claims: IdentityClaims, sign: ([UInt8]) throws -> [UInt8]) rethrows -> String {
        let signed = prefix + keyID + "." + Base64URL.encode(claims.serializedBytes())
        return signed + "." + Base64URL.encode(try sign(Array(signed.utf8)))
    }

    static func split(_ token: String) -> Parts? {
        guard token.utf8.count <= maximumLength, token.hasPrefix(prefix) else { return nil }
        let fields = token.utf8.dropFirst(prefix.utf8.count).split(
            separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 16,
            let claims = Base64URL.decode(Substring(fields[1])),
            let signature = Base64URL.decode(Substring(fields[2])), signature.count == 64
        else { return nil }
        let signedLength = prefix.utf8.count + fields[0].count + 1 + fields[1].count
        return Parts(
            keyID: Substring(fields[0]), claims: claims, signature: signature,
            signedBytes: Array(token.utf8.prefix(signedLength)))
    }
}
