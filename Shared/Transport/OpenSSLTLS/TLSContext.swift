import COpenSSL
import RPCCore

/// An OpenSSL `SSL_CTX`: the certificates and policy that connections are made from. Immutable once
/// built; a certificate reload builds a new one, and connections already open keep theirs (OpenSSL
/// counts references from each connection).
public final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer
    public let isServer: Bool

    /// TLS 1.2 suites HTTP/2 allows (RFC 9113 §9.2.2: ephemeral key exchange, AEAD ciphers); TLS 1.3
    /// suites are all acceptable and stay at OpenSSL's defaults.
    static let http2CipherList =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
        + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"

    private init(context: OpaquePointer, isServer: Bool) {
        self.context = context
        self.isServer = isServer
    }

    deinit { SSL_CTX_free(context) }

    /// A server context from PEM files. With `clientCAPath`, clients must present a certificate that
    /// CA signed (mutual TLS). Fails, naming the file, when anything does not load.
    public static func server(
        certificateChainPath: String, privateKeyPath: String, clientCAPath: String? = nil
    )
        throws(TLSError) -> TLSContext
    {
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw TLSError("cannot create a TLS context") }
        let tls = TLSContext(context: context, isServer: true)
        try tls.applyCommonPolicy()
        _ = SSL_CTX_set_options(
            context,
            copenssl_SSL_OP_NO_RENEGOTIATION | copenssl_SSL_OP_NO_COMPRESSION | copenssl_SSL_OP_CIPHER_SERVER_PREFERENCE
        )
        guard SSL_CTX_use_certificate_chain_file(context, certificateChainPath) == 1 else {
            throw TLSError("DIC_TLS_CERT: cannot load the certificate chain \(certificateChainPath)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, privateKeyPath, SSL_FILETYPE_PEM) == 1 else {
            throw TLSError("DIC_TLS_KEY: cannot load the private key \(privateKeyPath)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw TLSError("DIC_TLS_KEY: the private key does not match the certificate")
        }
        if let clientCAPath {
            guard SSL_CTX_load_verify_locations(context, clientCAPath, nil) == 1,
                let names = SSL_load_client_CA_file(clientCAPath)
            else {
                throw TLSError("DIC_TLS_CLIENT_CA: cannot load client CA certificates from \(clientCAPath)")
            }
            SSL_CTX_set_client_CA_list(context, names)
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        }
        SSL_CTX_set_alpn_select_cb(context, selectH2, nil)
        return tls
    }

    /// A client context: verifies servers against `caPath` (or the system's trusted CAs), offers
    /// ALPN h2, and presents a client certificate when given one (for mutual TLS).
    public static func client(
        caPath: String? = nil, certificateChainPath: String? = nil, privateKeyPath: String? = nil
    ) throws(TLSError) -> TLSContext {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw TLSError("cannot create a TLS context") }
        let tls = TLSContext(context: context, isServer: false)
        try tls.applyCommonPolicy()
        var protocols: [UInt8] = [2, UInt8(ascii: "h"), UInt8(ascii: "2")]
        guard SSL_CTX_set_alpn_protos(context, &protocols, UInt32(protocols.count)) == 0 else {  // 0 is success here
            throw TLSError("cannot offer ALPN h2")
        }
        if let caPath {
            guard SSL_CTX_load_verify_locations(context, caPath, nil) == 1 else {
                throw TLSError("DIC_TLS_CA: cannot load CA certificates from \(caPath)")
            }
        } else {
            SSL_CTX_set_default_verify_paths(context)
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        if let certificateChainPath, let privateKeyPath {
            guard SSL_CTX_use_certificate_chain_file(context, certificateChainPath) == 1,
                SSL_CTX_use_PrivateKey_file(context, privateKeyPath, SSL_FILETYPE_PEM) == 1,
                SSL_CTX_check_private_key(context) == 1
            else { throw TLSError("cannot load the client certificate \(certificateChainPath)") }
        }
        return tls
    }

    private func applyCommonPolicy() throws(TLSError) {
        guard copenssl_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw TLSError("cannot require TLS 1.2")
        }
        guard SSL_CTX_set_cipher_list(context, Self.http2CipherList) == 1 else {
            throw TLSError("cannot set the HTTP/2 cipher suites")
        }
    }
}

/// The server's ALPN choice: h2, or refuse the handshake (an h2-only server must not fall back to
/// HTTP/1.1, which is what nghttp2's helper would do).
private let selectH2: SSL_CTX_alpn_select_cb_func = { _, out, outLength, offered, offeredLength, _ in
    guard let offered, let out, let outLength else { return SSL_TLSEXT_ERR_ALERT_FATAL }
    var index = 0
    let count = Int(offeredLength)
    while index < count {
        let length = Int(offered[index])
        if length == 2 && index + 2 < count && offered[index + 1] == UInt8(ascii: "h")
            && offered[index + 2] == UInt8(ascii: "2")
        {
            out.pointee = offered + index + 1
            outLength.pointee = 2
            return SSL_TLSEXT_ERR_OK
        }
        index += 1 + length
    }
    return SSL_TLSEXT_ERR_ALERT_FATAL
}
