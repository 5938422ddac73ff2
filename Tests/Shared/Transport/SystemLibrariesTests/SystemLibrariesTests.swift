import CNGHTTP2
import COpenSSL
import Testing

/// The system libraries the transport is built on, as the shims expose them.
struct SystemLibrariesTests {
    @Test func nghttp2IsTheDebianBuildWithTheSecurityBackports() throws {
        let info = try #require(nghttp2_version(0))
        let version = String(cString: info.pointee.version_str)
        #expect(version.hasPrefix("1."))
        #expect(info.pointee.version_num >= 0x01_34_00)
        // Linking these proves the CVE-2023-44487 and CVE-2024-28182 fixes are present: an unpatched
        // 1.52.0 does not export them (see the nghttp2 notes).
        var option: OpaquePointer?
        #expect(nghttp2_option_new(&option) == 0)
        nghttp2_option_set_stream_reset_rate_limit(option, 200, 10)
        nghttp2_option_set_max_continuations(option, 8)
        nghttp2_option_del(option)
        #expect(cnghttp2_initial_window_size == 65_535)
        #expect(cnghttp2_max_window_size == 2_147_483_647)
        #expect(NGHTTP2_PROTO_ALPN == "\u{2}h2")
    }

    @Test func openSSLIsVersion3WithTheMacroShims() throws {
        #expect(OpenSSL_version_num() >> 28 == 3)
        #expect(copenssl_OPENSSL_VERSION_NUMBER >> 28 == 3)
        let context = try #require(SSL_CTX_new(TLS_server_method()))
        defer { SSL_CTX_free(context) }
        #expect(copenssl_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1)
        let options = SSL_CTX_set_options(context, copenssl_SSL_OP_NO_RENEGOTIATION | copenssl_SSL_OP_NO_COMPRESSION)
        #expect(options & copenssl_SSL_OP_NO_RENEGOTIATION != 0)
    }
}
