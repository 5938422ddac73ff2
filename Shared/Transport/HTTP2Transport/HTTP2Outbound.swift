import NIOCore

/// What both ends of a connection do on the way out, owned by each connection handler: gRPC message
/// framing onto a stream's body, one coalesced write per event-loop tick (none while a read is being
/// processed, whose completion flushes), nothing written while the channel is not writable, and
/// writers woken once their stream's buffer has drained below half the high watermark.
/// Event loop only.
final class HTTP2Outbound {
    let session: NGHTTP2Session
    let highWatermark: Int
    private var flushScheduled = false
    private(set) var readInProgress = false
    /// Writers waiting for their stream's buffer to drain, by stream.
    private var writeWaiters: [Int32: [CheckedContinuation<Void, any Error>]] = [:]

    init(session: NGHTTP2Session, highWatermark: Int) {
        self.session = session
        self.highWatermark = highWatermark
    }

    /// A new nghttp2 session for `role` with `configuration`'s settings, on `context`'s channel.
    convenience init(
        role: NGHTTP2Session.Role, _ configuration: some HTTP2EndpointConfiguration, on context: ChannelHandlerContext
    ) throws(HTTP2SessionError) {
        self.init(
            session: try NGHTTP2Session(
                role: role, settings: configuration.sessionSettings, allocator: context.channel.allocator),
            highWatermark: configuration.outboundHighWatermark)
    }

    // MARK: Reads

    /// Feeds received bytes to nghttp2; flushes wait for ``endRead()``.
    func read(_ buffer: ByteBuffer) throws(HTTP2SessionError) {
        readInProgress = true
        try buffer.withUnsafeReadableBytes { (bytes) throws(HTTP2SessionError) in try session.receive(bytes) }
    }

    func endRead() { readInProgress = false }

    // MARK: Messages

    /// Frames `payload` as one gRPC message on `stream`; true when the stream now buffers more than
    /// the high watermark and its writer must wait (``waitForDrain(stream:_:)``).
    func enqueueMessage(_ payload: [UInt8], compressed: Bool, on stream: Int32) -> Bool {
        session.enqueue(stream: stream) { buffer in
            buffer.writeInteger(UInt8(compressed ? 1 : 0))
            buffer.writeInteger(UInt32(payload.count))
            buffer.writeBytes(payload)
        }
        return (session.outbound[stream]?.pending.readableBytes ?? 0) > highWatermark
    }

    /// Resumes `continuation` once the stream's buffer has drained; at once when it already has (the
    /// flush after the send may have drained it before the writer got here, and waiting then would
    /// wait for a flush that nothing causes).
    func waitForDrain(stream: Int32, _ continuation: CheckedContinuation<Void, any Error>) {
        guard !session.hasDrained(stream: stream, highWatermark: highWatermark) else {
            continuation.resume()
            return
        }
        writeWaiters[stream, default: []].append(continuation)
    }

    /// Wakes the stream's writers: to go on, or with `error` when the stream is gone.
    func resumeWriters(stream: Int32, failing error: (any Error)? = nil) {
        guard let waiters = writeWaiters.removeValue(forKey: stream) else { return }
        for waiter in waiters {
            if let error { waiter.resume(throwing: error) } else { waiter.resume() }
        }
    }

    func resumeAllWriters(failing error: any Error) {
        for stream in Array(writeWaiters.keys) { resumeWriters(stream: stream, failing: error) }
    }

    // MARK: Writes

    /// Calls `flush` once on the next tick, however many frames are submitted before it; not while
    /// a read is being processed (its completion flushes).
    func scheduleFlush(on loop: any EventLoop, _ flush: @escaping () -> Void) {
        guard !flushScheduled, !readInProgress else { return }
        flushScheduled = true
        loop.assumeIsolated().execute { [self] in
            flushScheduled = false
            flush()
        }
    }

    /// Writes what nghttp2 has to send and wakes the writers whose stream drained; false when the
    /// channel takes nothing now. A peer that does not read gets nothing more (nghttp2 keeps it, and
    /// its own limit on queued control frames ends a connection whose peer never reads).
    func write(to context: ChannelHandlerContext) throws(HTTP2SessionError) -> Bool {
        guard context.channel.isActive, context.channel.isWritable else { return false }
        try session.writePending(to: context)
        if !writeWaiters.isEmpty {
            for stream in Array(writeWaiters.keys)
            where session.hasDrained(stream: stream, highWatermark: highWatermark) {
                resumeWriters(stream: stream)
            }
        }
        return true
    }
}

/// What the outbound side needs of a client's or a server's configuration.
protocol HTTP2EndpointConfiguration {
    var sessionSettings: NGHTTP2Session.Settings { get }
    /// Bytes a stream may have buffered before its writer waits.
    var outboundHighWatermark: Int { get }
}

extension HTTP2ServerConfiguration: HTTP2EndpointConfiguration {}
extension HTTP2ClientConfiguration: HTTP2EndpointConfiguration {}
