import NIOCore

/// The channel events the client and server connection handlers answer the same way: a read's
/// completion and a channel that can take bytes again both flush what nghttp2 has to send.
protocol HTTP2ConnectionHandling: ChannelInboundHandler where InboundIn == ByteBuffer {
    var context: ChannelHandlerContext? { get }
    var outbound: HTTP2Outbound? { get }
    /// After a write: act on what it changed (streams our frames closed, a finished session).
    func wrote(_ context: ChannelHandlerContext)
    /// nghttp2 could not produce what it had to send: the connection is over.
    func writeFailed(_ context: ChannelHandlerContext)
}

extension HTTP2ConnectionHandling {
    func channelReadComplete(context: ChannelHandlerContext) {
        outbound?.endRead()
        flushNow()
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { flushNow() }
        context.fireChannelWritabilityChanged()
    }

    /// Everything submitted during one event-loop tick goes out in one write.
    func scheduleFlush() {
        guard let context else { return }
        outbound?.scheduleFlush(on: context.eventLoop) { [weak self] in self?.flushNow() }
    }

    /// Writes what is pending now, when the channel takes it.
    func flushNow() {
        guard let outbound, let context else { return }
        do {
            guard try outbound.write(to: context) else { return }
        } catch {
            writeFailed(context)
            return
        }
        wrote(context)
    }

    /// Feeds a read to nghttp2; false when nghttp2 found it fatal to the connection.
    func receive(_ data: NIOAny) -> Bool {
        guard let outbound else { return false }
        do {
            try outbound.read(unwrapInboundIn(data))
            return true
        } catch {
            return false
        }
    }
}
