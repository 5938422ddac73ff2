import NIOCore

extension NGHTTP2Session {
    /// Drains everything nghttp2 has to send into one buffer and writes it, with one flush: the
    /// frames of a whole event-loop tick leave in a single write.
    func writePending(to context: ChannelHandlerContext) throws(HTTP2SessionError) {
        var buffer = context.channel.allocator.buffer(capacity: 0)
        try drain(into: &buffer)
        if buffer.readableBytes > 0 {
            context.writeAndFlush(NIOAny(buffer), promise: nil)
        }
    }

    /// Whether a stream's unsent body has fallen to half the high watermark, so a writer that
    /// waited can go on.
    func hasDrained(stream: Int32, highWatermark: Int) -> Bool {
        (outbound[stream]?.pending.readableBytes ?? 0) <= highWatermark / 2
    }
}
