import CNGHTTP2
import NIOCore
import RPCCore
import Synchronization

/// One client connection: opens a stream per call, feeds responses to each call's event queue.
/// Runs on the connection's event loop.
final class HTTP2ClientConnectionHandler: HTTP2ConnectionHandling {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Whether new calls may use this connection; read by the transport from any thread.
    final class Availability: Sendable {
        private let usable = Mutex(true)
        var isUsable: Bool { usable.withLock { $0 } }
        func retire() { usable.withLock { $0 = false } }
    }

    let configuration: HTTP2ClientConfiguration
    let authority: String
    let availability = Availability()
    private var session: NGHTTP2Session? { outbound?.session }
    private(set) var context: ChannelHandlerContext?
    private var streams: [Int32: ClientStream] = [:]
    /// Framing, coalesced writes and waiting writers: what the server handler does the same way.
    private(set) var outbound: HTTP2Outbound?
    private var keepalive: KeepaliveStateMachine?
    private var keepaliveTimer: Scheduled<Void>?

    init(configuration: HTTP2ClientConfiguration, authority: String) {
        self.configuration = configuration
        self.authority = authority
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        do {
            outbound = try HTTP2Outbound(role: .client, configuration, on: context)
        } catch {
            availability.retire()
            context.close(promise: nil)
            return
        }
        if context.channel.isActive { flushNow() }
        keepalive = configuration.keepaliveInterval.map {
            KeepaliveStateMachine(
                interval: TimeAmount($0), timeout: TimeAmount(configuration.keepaliveTimeout),
                now: context.eventLoop.now)
        }
        armKeepalive()
    }

    func channelActive(context: ChannelHandlerContext) {
        flushNow()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        keepalive?.heardFromPeer(now: context.eventLoop.now)
        guard receive(data) else {
            availability.retire()
            context.close(promise: nil)
            return
        }
        processEvents()
    }

    func channelInactive(context: ChannelHandlerContext) {
        availability.retire()
        keepaliveTimer?.cancel()
        keepalive = nil
        for stream in streams.values {
            end(stream, RPCStatus(code: .unavailable, message: "the connection to the server was lost"), [:])
        }
        streams.removeAll()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        keepaliveTimer?.cancel()
        outbound = nil
        self.context = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        availability.retire()
        context.close(promise: nil)
    }

    // MARK: Calls (from HTTP2ClientCall, on the event loop)

    /// Opens a stream for `head`; its events (headers, messages, the end) go to the returned queue.
    func openStream(_ head: ClientCallHead) -> Result<(Int32, RPCQueue<ClientCallEvent>), RPCError> {
        guard let session, let context, availability.isUsable, session.isRequestAllowed else {
            return .failure(RPCError(.unavailable, "the connection is closing"))
        }
        var fields: [(String, String)] = [
            (":method", "POST"), (":scheme", configuration.tls == nil ? "http" : "https"), (":path", head.method.path),
            (":authority", authority),
            ("content-type", "application/grpc"), ("te", "trailers"), ("user-agent", configuration.userAgent),
            ("grpc-accept-encoding", GRPCHeaders.acceptEncoding),
        ]
        switch head.compression {
        case .identity: break
        case .gzip: fields.append(("grpc-encoding", "gzip"))
        default:
            return .failure(RPCError(.internal, "no support for message encoding '\(head.compression.name)'"))
        }
        var remaining: Duration?
        if let deadline = head.deadline {
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                return .failure(RPCError(.deadlineExceeded, "the deadline passed before the call started"))
            }
            remaining = left
            fields.append(("grpc-timeout", GRPCTimeout.format(left)))
        }
        switch GRPCHeaders.fields(head.metadata) {
        case .success(let metadata): fields += metadata
        case .failure(let error): return .failure(error)
        }
        let id: Int32
        do {
            id = try session.submitRequest(headers: fields)
        } catch {
            return .failure(RPCError(.unavailable, "could not start the call: \(error)"))
        }
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        let events = RPCQueue<ClientCallEvent> { event in
            if case .message = event {
                loop.execute { bound.value.messageTaken(stream: id) }
            }
        }
        let stream = ClientStream(
            id: id, events: events, maxMessageSize: configuration.maxReceiveMessageSize,
            windowSize: Int(configuration.initialWindowSize))
        stream.compressRequests = head.compression == .gzip
        streams[id] = stream
        if let remaining {
            stream.deadlineTimer = loop.assumeIsolated().scheduleTask(in: TimeAmount(remaining)) { [weak self] in
                guard let self else { return }
                self.abort(stream: id, RPCStatus(code: .deadlineExceeded, message: "deadline exceeded"))
            }
        }
        scheduleFlush()
        return .success((id, events))
    }

    enum SendOutcome {
        case sent
        case mustWait
        case failed(RPCError)
    }

    func sendMessage(stream id: Int32, message: [UInt8]) -> SendOutcome {
        guard let outbound, let stream = streams[id], !stream.lifecycle.isEnded else {
            return .sent  // the call is over; its status says why (see ClientCall.send)
        }
        guard message.count <= configuration.maxSendMessageSize else {
            let error = RPCError(
                .resourceExhausted,
                "request message of \(message.count) bytes exceeds the limit of \(configuration.maxSendMessageSize)")
            abort(stream: id, error.status)
            return .failed(error)
        }
        let compressed = stream.compressRequests
        let mustWait = outbound.enqueueMessage(
            compressed ? GzipCodec.compress(message) : message, compressed: compressed, on: id)
        scheduleFlush()
        return mustWait ? .mustWait : .sent
    }

    func waitForDrain(stream id: Int32, _ continuation: CheckedContinuation<Void, any Error>) {
        guard let outbound, let stream = streams[id], !stream.lifecycle.isEnded else {
            continuation.resume()
            return
        }
        outbound.waitForDrain(stream: id, continuation)
    }

    func closeSending(stream id: Int32) {
        session?.endBody(stream: id, trailers: nil)
        scheduleFlush()
    }

    /// Ends a call from this side: RST_STREAM(CANCEL) to the server, `status` to the caller.
    func abort(stream id: Int32, _ status: RPCStatus) {
        guard let stream = streams[id], !stream.lifecycle.isEnded else { return }
        end(stream, status, [:])
        session?.resetStream(id, errorCode: NGHTTP2_CANCEL.rawValue)
        scheduleFlush()
    }

    /// The caller took its oldest message: credit flow control if it had been held back (by the
    /// message's size on the wire, which under gzip is not the size the caller saw).
    func messageTaken(stream id: Int32) {
        guard let session, let stream = streams[id], let credit = stream.reader.taken()?.credit else { return }
        if credit > 0 {
            session.consume(stream: id, count: credit)
            scheduleFlush()
        }
    }

    // MARK: nghttp2 events

    private func processEvents() {
        guard let session else { return }
        for event in session.takeEvents() {
            switch event {
            case .responseHeadersBegan(let id), .trailersBegan(let id):
                streams[id]?.fields = []
            case .header(let id, let name, let value):
                streams[id]?.fields.append((name, value))
            case .headersComplete(let id, let endStream):
                guard let stream = streams[id] else { continue }
                headersComplete(stream, endStream: endStream)
            case .data(let id, let bytes):
                received(bytes, on: id)
            case .dataEndStream(let id):
                if let stream = streams[id], !stream.lifecycle.isEnded {
                    end(stream, RPCStatus(code: .internal, message: "the server ended the call without a status"), [:])
                }
            case .streamClosed(let id, let errorCode):
                guard let stream = streams.removeValue(forKey: id) else { continue }
                if !stream.lifecycle.isEnded {
                    let status: RPCStatus
                    switch errorCode {
                    case NGHTTP2_REFUSED_STREAM.rawValue:
                        status = RPCStatus(code: .unavailable, message: "the server refused the call (safe to retry)")
                    case NGHTTP2_CANCEL.rawValue:
                        status = RPCStatus(code: .cancelled, message: "the server cancelled the call")
                    case NGHTTP2_ENHANCE_YOUR_CALM.rawValue:
                        status = RPCStatus(
                            code: .resourceExhausted, message: "the server reset the call (enhance your calm)")
                    default:
                        status = RPCStatus(
                            code: .internal, message: "the stream closed without a status (HTTP/2 error \(errorCode))")
                    }
                    end(stream, status, [:])
                }
            case .goAway:
                // Calls in flight finish here; new calls go to a new connection.
                availability.retire()
            case .requestHeadersBegan, .pingReceived, .pingAcknowledged, .headerListTooLarge, .headersNotSent:
                break
            }
        }
    }

    private func headersComplete(_ stream: ClientStream, endStream: Bool) {
        let fields = stream.fields
        stream.fields = []
        let block = stream.lifecycle.headerBlockComplete()
        guard block != .ignored else { return }
        var initialMetadata: Metadata?
        if block == .responseHead {
            switch GRPCHeaders.parseResponseHead(fields) {
            case .rejected(let status):
                abort(stream: stream.id, status)
                return
            case .accepted(let encoding, let metadata):
                stream.reader.encoding = encoding
                initialMetadata = metadata
            }
        }
        if endStream {
            // Trailers, or a Trailers-Only response (status in the one header block).
            let (status, trailers) = GRPCHeaders.parseStatus(fields)
            end(stream, status, trailers)
        } else if let initialMetadata {
            stream.events.yield(.headers(initialMetadata))
        }
    }

    private func received(_ bytes: [UInt8], on id: Int32) {
        guard let session else { return }
        guard let stream = streams[id], !stream.lifecycle.isEnded else {
            session.consume(stream: id, count: bytes.count)
            return
        }
        session.consume(stream: id, count: stream.reader.received(bytes))
        do {
            while let message = try stream.reader.next() {
                stream.reader.queued(message)
                stream.events.yield(.message(message.bytes))
            }
        } catch {
            abort(stream: id, error.responseStatus)
        }
    }

    private func end(_ stream: ClientStream, _ status: RPCStatus, _ trailers: Metadata) {
        guard stream.lifecycle.end() else { return }
        stream.deadlineTimer?.cancel()
        stream.events.yield(.end(status, trailers: trailers))
        stream.events.finish()
        outbound?.resumeWriters(stream: stream.id)
    }

    // MARK: Writing

    /// One timer for keepalive, due when the state machine next has something to do.
    private func armKeepalive() {
        guard let context, let deadline = keepalive?.nextDeadline else { return }
        keepaliveTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in
            guard let self, let context = self.context else { return }
            switch self.keepalive?.timerFired(now: context.eventLoop.now) {
            case .sendPing:
                self.session?.submitPing()
                self.flushNow()
            case .close:
                self.availability.retire()
                context.close(promise: nil)
                return
            case nil:
                break
            }
            self.armKeepalive()
        }
    }

    func wrote(_ context: ChannelHandlerContext) {
        // Streams closed by what was just sent are handled now, not at the next read.
        if let session, !session.events.isEmpty { processEvents() }
    }

    func writeFailed(_ context: ChannelHandlerContext) {
        availability.retire()
        context.close(promise: nil)
    }
}
