import COpenSSL
import Foundation

/// An Ed25519 public key: checks signatures offline, in tens of microseconds.
public final class Ed25519PublicKey: @unchecked Sendable {
    // An EVP_PKEY is immutable once built and OpenSSL allows concurrent use with one context per
    // operation, which `verify` creates: so sharing the class across threads is safe.
    let key: OpaquePointer
    /// The raw 32 bytes.
    public let rawBytes: [UInt8]
    /// The first 8 bytes of the SHA-256 of the raw key, in hex: names the key inside a token.
    public let id: String

    init(owning key: OpaquePointer) throws(CryptoFailure) {
        var length = 32
        var raw = [UInt8](repeating: 0, count: 32)
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1, length == 32 else {
            EVP_PKEY_free(key)
            throw CryptoFailure("not an Ed25519 public key")
        }
        self.key = key
        self.rawBytes = raw
        self.id = Self.keyID(raw)
    }

    deinit { EVP_PKEY_free(key) }

    public convenience init(rawBytes: [UInt8]) throws(CryptoFailure) {
        guard rawBytes.count == 32, let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, rawBytes, 32)
        else { throw CryptoFailure("an Ed25519 public key is 32 bytes") }
        try self.init(owning: key)
    }

    /// Every public key in a PEM text ("-----BEGIN PUBLIC KEY-----" blocks, as `openssl pkey
    /// -pubout` writes them), in order. Several keys let an issuer's key be rotated.
    public static func all(pem: [UInt8]) throws(CryptoFailure) -> [Ed25519PublicKey] {
        guard pem.count <= 1 << 20 else { throw CryptoFailure("a key file holds at most 1 MiB") }
        guard let bio = pem.withUnsafeBytes({ BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }) else {
            throw CryptoFailure("out of memory")
        }
        defer { BIO_free(bio) }
        var keys: [Ed25519PublicKey] = []
        while let key = PEM_read_bio_PUBKEY(bio, nil, nil, nil) {
            guard EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 else {
                EVP_PKEY_free(key)
                throw CryptoFailure("key \(keys.count + 1) is not an Ed25519 key")
            }
            keys.append(try Ed25519PublicKey(owning: key))
        }
        ERR_clear_error()  // the loop ends with an error when no block is left
        // A block that did not parse ends the loop early: it must not be skipped silently (a key
        // rotation would half-happen), so every block begun must be a key read.
        let blocks = String(decoding: pem, as: UTF8.self).components(separatedBy: "-----BEGIN ").count - 1
        guard blocks == keys.count else {
            throw CryptoFailure("key \(keys.count + 1) of \(blocks) does not parse as a PEM public key")
        }
        guard !keys.isEmpty else { throw CryptoFailure("no PEM public key found") }
        return keys
    }

    /// The key as a PEM block, for the file every verifier reads.
    public var pem: String {
        guard let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        guard PEM_write_bio_PUBKEY(bio, key) == 1 else { return "" }
        var pointer: UnsafeMutablePointer<CChar>?
        let length = copenssl_BIO_get_mem_data(bio, &pointer)
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// Whether `signature` is this key's signature of `message`.
    public func verify(signature: [UInt8], of message: [UInt8]) -> Bool {
        guard signature.count == 64, let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1 else { return false }
        let valid = EVP_DigestVerify(context, signature, 64, message, message.count) == 1
        if !valid { ERR_clear_error() }
        return valid
    }

    static func keyID(_ raw: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        _ = SHA256(raw, raw.count, &digest)
        return digest.prefix(8).map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }
}
