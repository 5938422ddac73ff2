import COpenSSL
import NIOCore
import RPCCore

/// TLS for one connection, with OpenSSL driven through memory BIOs: ciphertext from the socket goes
/// into one BIO, plaintext comes out of `SSL_read`; plaintext written by the handler behind goes
/// through `SSL_write` and its ciphertext is drained from the other BIO to the socket. The handler
/// behind (HTTP/2) sees plain bytes and a ``TLSEstablished`` event once the handshake is done.
///
/// ALPN must select h2: a client that offers something else, or nothing, is refused.
public final class TLSHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// Fired inbound when the handshake succeeded.
    public struct TLSEstablished: Sendable {
        public let peerIdentity: PeerIdentity?
    }

    let tlsContext: TLSContext
    let serverName: String?
    let handshakeTimeout: TimeAmount
    private var ssl: OpaquePointer?
    private var readBIO: OpaquePointer?
    private var writeBIO: OpaquePointer?
    private var established = false
    private var failed = false
    private var pendingWrites: [(ByteBuffer, EventLoopPromise<Void>?)] = []
    private var handshakeTimer: Scheduled<Void>?
    private var scratch = [UInt8](repeating: 0, count: 16 << 10)

    /// - Parameter serverName: for clients, the host to send as SNI and to check the certificate against.
    public init(context: TLSContext, serverName: String? = nil, handshakeTimeout: TimeAmount = .seconds(10)) {
        self.tlsContext = context
        self.serverName = serverName
        self.handshakeTimeout = handshakeTimeout
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        guard let ssl = SSL_new(tlsContext.context), let readBIO = BIO_new(BIO_s_mem()),
            let writeBIO = BIO_new(BIO_s_mem())
        else {
            context.fireErrorCaught(TLSError("cannot create a TLS connection"))
            context.close(promise: nil)
            return
        }
        SSL_set_bio(ssl, readBIO, writeBIO)  // the SSL object owns both BIOs from here
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
        if tlsContext.isServer {
            SSL_set_accept_state(ssl)
        } else {
            SSL_set_connect_state(ssl)
            if let serverName {
                _ = copenssl_SSL_set_tlsext_host_name(ssl, serverName)
                if Self.isIPAddress(serverName) {
                    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), serverName)
                } else {
                    SSL_set1_host(ssl, serverName)
                }
            }
        }
        handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: handshakeTimeout) { [weak self] in
            guard let self, !self.established else { return }
            self.fail(context: context, TLSError("the TLS handshake did not finish in time"))
        }
        if context.channel.isActive && !tlsContext.isServer { advanceHandshake(context: context) }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        if let ssl { SSL_free(ssl) }
        ssl = nil
        for (_, promise) in pendingWrites { promise?.fail(ChannelError.ioOnClosedChannel) }
        pendingWrites = []
    }

    public func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        if !tlsContext.isServer { advanceHandshake(context: context) }
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let readBIO, !failed else { return }
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { bytes in
            _ = BIO_write(readBIO, bytes.baseAddress, Int32(bytes.count))
        }
        if !established {
            advanceHandshake(context: context)
            guard established else { return }
        }
        readPlaintext(context: context)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let plaintext = unwrapOutboundIn(data)
        guard established else {
            pendingWrites.append((plaintext, promise))  // the connection handler writes its preface early
            return
        }
        encrypt(plaintext, context: context, promise: promise)
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if let ssl, established, !failed, mode == .all {
            SSL_shutdown(ssl)  // close_notify, best effort
            flushCiphertext(context: context, promise: nil)
            context.flush()
        }
        context.close(mode: mode, promise: promise)
    }

    // MARK: Handshake

    private func advanceHandshake(context: ChannelHandlerContext) {
        guard let ssl, !established, !failed else { return }
        let result = SSL_do_handshake(ssl)
        flushCiphertext(context: context, promise: nil)
        context.flush()
        if result == 1 {
            // A client that offered no ALPN at all never reaches the selection callback.
            guard Self.negotiatedH2(ssl) else {
                fail(context: context, TLSError("the client did not negotiate HTTP/2 (ALPN h2)"))
                return
            }
            established = true
            handshakeTimer?.cancel()
            context.fireUserInboundEventTriggered(TLSEstablished(peerIdentity: PeerIdentity.verified(from: ssl)))
            let writes = pendingWrites
            pendingWrites = []
            for (buffer, promise) in writes { encrypt(buffer, context: context, promise: promise) }
            context.flush()
            return
        }
        let error = SSL_get_error(ssl, result)
        if error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE {
            fail(context: context, TLSError("TLS handshake failed"))
        }
    }

    static func negotiatedH2(_ ssl: OpaquePointer) -> Bool {
        var protocolName: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &protocolName, &length)
        guard let protocolName, length == 2 else { return false }
        return protocolName[0] == UInt8(ascii: "h") && protocolName[1] == UInt8(ascii: "2")
    }

    // MARK: Data

    private func readPlaintext(context: ChannelHandlerContext) {
        guard let ssl else { return }
        var produced = false
        while true {
            let count = scratch.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if count > 0 {
                var plaintext = context.channel.allocator.buffer(capacity: Int(count))
                _ = scratch.withUnsafeBytes {
                    plaintext.writeBytes(UnsafeRawBufferPointer(rebasing: $0[0..<Int(count)]))
                }
                context.fireChannelRead(wrapInboundOut(plaintext))
                produced = true
                continue
            }
            let error = SSL_get_error(ssl, count)
            if error == SSL_ERROR_ZERO_RETURN {
                context.close(promise: nil)  // the peer sent close_notify
            } else if error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE {
                fail(context: context, TLSError("TLS read failed"))
            }
            break
        }
        // Reading can produce output (TLS 1.3 tickets, key updates, alerts).
        flushCiphertext(context: context, promise: nil)
        context.flush()
        if produced { context.fireChannelReadComplete() }
    }

    private func encrypt(_ plaintext: ByteBuffer, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard let ssl, !failed else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        var remaining = plaintext
        while remaining.readableBytes > 0 {
            let written = remaining.withUnsafeReadableBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            guard written > 0 else {
                promise?.fail(TLSError("TLS write failed"))
                fail(context: context, TLSError("TLS write failed"))
                return
            }
            remaining.moveReaderIndex(forwardBy: Int(written))
        }
        flushCiphertext(context: context, promise: promise)
    }

    /// Moves what OpenSSL wrote into the write BIO out to the socket.
    private func flushCiphertext(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard let writeBIO else {
            promise?.succeed()
            return
        }
        let pending = Int(BIO_ctrl_pending(writeBIO))
        guard pending > 0 else {
            promise?.succeed()
            return
        }
        var ciphertext = context.channel.allocator.buffer(capacity: pending)
        ciphertext.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { bytes in
            Int(BIO_read(writeBIO, bytes.baseAddress, Int32(pending)))
        }
        context.write(wrapOutboundOut(ciphertext), promise: promise)
    }

    private func fail(context: ChannelHandlerContext, _ error: TLSError) {
        guard !failed else { return }
        failed = true
        flushCiphertext(context: context, promise: nil)  // the alert, if OpenSSL wrote one
        context.flush()
        for (_, promise) in pendingWrites { promise?.fail(error) }
        pendingWrites = []
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    static func isIPAddress(_ host: String) -> Bool {
        host.contains(":")
            || host.split(separator: ".").count == 4 && host.split(separator: ".").allSatisfy { UInt8($0) != nil }
    }
}
