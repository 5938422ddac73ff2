import COpenSSL
import Foundation

/// An Ed25519 private key: the deployment's identity issuer signs with it.
public final class Ed25519PrivateKey: @unchecked Sendable {
    // Immutable after construction; each signature uses its own context (see Ed25519PublicKey).
    let key: OpaquePointer
    public let publicKey: Ed25519PublicKey

    init(owning key: OpaquePointer) throws(CryptoFailure) {
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 else {
            EVP_PKEY_free(key)
            throw CryptoFailure("not an Ed25519 private key")
        }
        var length = 32
        var raw = [UInt8](repeating: 0, count: 32)
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1 else {
            EVP_PKEY_free(key)
            throw CryptoFailure("cannot derive the public key")
        }
        self.key = key
        self.publicKey = try Ed25519PublicKey(rawBytes: raw)
    }

    deinit { EVP_PKEY_free(key) }

    /// A new random key.
    public static func generate() throws(CryptoFailure) -> Ed25519PrivateKey {
        var seed = SecureRandom.bytes(32)
        defer { OPENSSL_cleanse(&seed, seed.count) }
        guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, 32) else {
            throw CryptoFailure("cannot create an Ed25519 key")
        }
        return try Ed25519PrivateKey(owning: key)
    }

    /// The key in a PEM file ("-----BEGIN PRIVATE KEY-----", as `openssl genpkey -algorithm
    /// ed25519` writes it).
    public static func load(pem: [UInt8]) throws(CryptoFailure) -> Ed25519PrivateKey {
        guard pem.count <= 64 << 10 else { throw CryptoFailure("a private key file holds at most 64 KiB") }
        guard let bio = pem.withUnsafeBytes({ BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }) else {
            throw CryptoFailure("out of memory")
        }
        defer { BIO_free(bio) }
        guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else {
            ERR_clear_error()
            throw CryptoFailure("no PEM private key found")
        }
        return try Ed25519PrivateKey(owning: key)
    }

    /// The key as an unencrypted PKCS#8 PEM block, for a file only its service can read.
    public var pem: String {
        guard let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        guard PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) == 1 else { return "" }
        var pointer: UnsafeMutablePointer<CChar>?
        let length = copenssl_BIO_get_mem_data(bio, &pointer)
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// The 64-byte signature of `message`.
    public func sign(_ message: [UInt8]) throws(CryptoFailure) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw CryptoFailure("out of memory") }
        defer { EVP_MD_CTX_free(context) }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = 64
        guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1,
            EVP_DigestSign(context, &signature, &length, message, message.count) == 1, length == 64
        else {
            ERR_clear_error()
            throw CryptoFailure("signing failed")
        }
        return signature
    }
}
