import CNGHTTP2
import CoreMetrics
import Logging
import NIOCore
import OpenSSLTLS
import RPCCore

/// One server connection: feeds socket bytes to nghttp2, turns its events into calls on the
/// router, and turns responders' answers into frames. Runs on the connection's event loop.
final class HTTP2ServerConnectionHandler: HTTP2ConnectionHandling, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let router: RPCRouter
    let configuration: HTTP2ServerConfiguration
    let registry: HTTP2ConnectionRegistry
    private var session: NGHTTP2Session? { outbound?.session }
    private(set) var context: ChannelHandlerContext?
    private var executor: EventLoopTaskExecutor?
    private var streams: [Int32: ServerStream] = [:]
    private var peer = "unknown"
    /// The verified client certificate's identity, once TLS says who it is.
    private var peerIdentity: PeerIdentity?
    /// Framing, coalesced writes and waiting writers: what the client handler does the same way.
    private(set) var outbound: HTTP2Outbound?
    /// Idle, age, keepalive, ping abuse and graceful shutdown; its one timer is `timer`.
    private var connection: ServerConnectionStateMachine
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    /// The calls' deadlines share one timer, `deadlineTimer`.
    private var callDeadlines = CallDeadlineSchedule()
    private var deadlineTimer: Scheduled<Void>?
    private var budget: ConnectionMemoryBudget
    private var tornDown = false
    /// Calls refused because a request memory budget was full.
    private var memoryRefusals = 0
    private let deadlines: CallDeadlinePolicy
    /// Limits this connection has hit, so each is logged once per connection, not once per frame.
    private var limitsLogged: Set<String> = []

    init(router: RPCRouter, configuration: HTTP2ServerConfiguration, registry: HTTP2ConnectionRegistry) {
        self.router = router
        self.configuration = configuration
        self.registry = registry
        self.budget = ConnectionMemoryBudget(limit: configuration.maxConnectionBufferedBytes, server: registry.budget)
        self.deadlines = CallDeadlinePolicy(
            maximum: configuration.maxCallDuration, longLivedPaths: configuration.longLivedMethods)
        self.connection = ServerConnectionStateMachine(configuration: configuration.connectionManagement, now: .now())
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if configuration.handlersOnEventLoop { executor = EventLoopTaskExecutor(loop: context.eventLoop) }
        if let address = context.channel.remoteAddress {
            peer =
                address.protocol == .inet6 ? "ipv6:\(address)" : "ipv4:\(address.ipAddress ?? "?"):\(address.port ?? 0)"
        }
        do {
            outbound = try HTTP2Outbound(role: .server, configuration, on: context)
        } catch {
            context.close(promise: nil)
            return
        }
        registry.add(NIOLoopBound(self, eventLoop: context.eventLoop))
        connection = ServerConnectionStateMachine(
            configuration: configuration.connectionManagement, now: context.eventLoop.now)
        if context.channel.isActive { flushNow() }
        armTimer()
    }

    func channelActive(context: ChannelHandlerContext) {
        flushNow()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.heardFromPeer(now: context.eventLoop.now)
        guard receive(data) else {
            // Fatal to the connection (bad preface, flood, CONTINUATION abuse): say what we can, close.
            flushNow()
            context.close(promise: nil)
            return
        }
        processEvents()
    }

    func channelInactive(context: ChannelHandlerContext) {
        tearDown()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // A channel closed before it ever became active (accepted while the server was flooded and
        // shutting down, say) never sees channelInactive: without this it stayed in the registry
        // and the server waited for it forever.
        tearDown()
        outbound = nil
        self.context = nil
    }

    /// Ends every call and gives back everything the connection held; once, whichever of
    /// channelInactive and handlerRemoved comes first.
    private func tearDown() {
        guard !tornDown else { return }
        tornDown = true
        for stream in streams.values {
            if stream.lifecycle.reset() { abandon(stream, RPCError(.unavailable, "the connection closed")) }
            releaseCharges(stream)
        }
        streams.removeAll()
        outbound?.resumeAllWriters(failing: RPCError(.unavailable, "the connection closed"))
        timer?.cancel()
        timer = nil
        deadlineTimer?.cancel()
        deadlineTimer = nil
        callDeadlines.cancel()
        registry.remove(ObjectIdentifier(self))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let established = event as? TLSHandler.TLSEstablished {
            peerIdentity = established.peerIdentity
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: nghttp2 events

    private func processEvents() {
        guard let session else { return }
        for event in session.takeEvents() {
            switch event {
            case .requestHeadersBegan(let id):
                streams[id] = ServerStream(
                    id: id, maxMessageSize: configuration.maxReceiveMessageSize,
                    windowSize: Int(configuration.initialWindowSize))
                connection.streamOpened()
            case .header(let id, let name, let value):
                streams[id]?.fields.append((name, value))
            case .trailersBegan:
                break  // request trailers carry nothing gRPC uses
            case .headersComplete(let id, let endStream):
                guard let stream = streams[id] else { continue }
                if stream.lifecycle.shouldStartCall() {
                    startCall(stream)
                }
                if endStream { endOfRequest(stream) }
            case .data(let id, let bytes):
                received(bytes, on: id)
            case .dataEndStream(let id):
                if let stream = streams[id] { endOfRequest(stream) }
            case .streamClosed(let id, let errorCode):
                guard let stream = streams.removeValue(forKey: id) else { continue }
                // A reset before the status went out is the client cancelling (or giving up).
                if stream.lifecycle.reset() {
                    let reason =
                        errorCode == NGHTTP2_CANCEL.rawValue
                        ? RPCError(.cancelled, "the client cancelled the call")
                        : RPCError(.unavailable, "the stream was reset (HTTP/2 error \(errorCode))")
                    abandon(stream, reason)
                }
                outbound?.resumeWriters(stream: id, failing: RPCError(.cancelled, "the stream closed"))
                releaseCharges(stream)
                perform(connection.streamClosed(now: now))
            case .headerListTooLarge(let id):
                _ = streams[id]?.lifecycle.reset()  // nghttp2 resets it; nothing ran
            case .pingReceived:
                perform(connection.pingReceived(now: now))
            case .pingAcknowledged(let payload):
                perform(connection.pingAcknowledged(payload, now: now))
            case .headersNotSent(let id):
                // Our response or trailers could not be sent (too large for the peer or for
                // nghttp2): the call must still end, or the client waits and the stream stays taken.
                session.resetStream(id, errorCode: NGHTTP2_INTERNAL_ERROR.rawValue)
                scheduleFlush()
            case .goAway, .responseHeadersBegan:
                break
            }
        }
    }

    /// The event loop's time: what the connection state machine is told, so tests can advance it.
    private var now: NIODeadline { context?.eventLoop.now ?? .now() }

    private func startCall(_ stream: ServerStream) {
        switch GRPCHeaders.parseRequest(stream.fields) {
        case .failure(.http(let status, let message)):
            guard stream.lifecycle.finish() == .trailersOnly else { return }
            submit { session in
                try session.submitHeadersOnlyResponse(
                    stream: stream.id,
                    headers: [
                        (":status", String(status)), ("content-type", "text/plain"), ("grpc-status", "2"),
                        ("grpc-message", PercentEncoding.encode(message)),
                    ])
            }
        case .failure(.grpc(let status)):
            finish(stream, status: status, trailers: [:])
        case .success(let request):
            stream.fields = []
            guard let method = router[request.path] else {
                finish(
                    stream, status: RPCStatus(code: .unimplemented, message: "unknown method \(request.path)"),
                    trailers: [:])
                return
            }
            var head = ServerCallHead(
                path: request.path, metadata: request.metadata, peer: peer, deadline: nil, peerIdentity: peerIdentity)
            // Decided on the headers alone: a refused call never has a request byte buffered.
            if let refusal = router.admit(method, head: &head) {
                finish(stream, status: refusal.status, trailers: refusal.metadata)
                return
            }
            let timeout = deadlines.timeout(requested: request.timeout, path: request.path)
            head.deadline = timeout.map { ContinuousClock.now.advanced(by: $0) }
            stream.method = method
            stream.reader.encoding = request.encoding
            stream.head = head
            stream.lifecycle.admitted()
            if let timeout {
                let deadline = now + TimeAmount(timeout)
                stream.deadline = (deadline, setByClient: request.timeout != nil)
                if let due = callDeadlines.callBegan(deadline: deadline) { armDeadlineTimer(due) }
            }
            if !method.takesSingleRequest, let loop = context?.eventLoop {
                let handler = NIOLoopBound(self, eventLoop: loop)
                let id = stream.id
                // Credit flow control only when the handler takes a message: a slow reader slows
                // the client down rather than filling our memory.
                let requests = RPCQueue<[UInt8]> { _ in
                    loop.execute { handler.value.messageTaken(stream: id) }
                }
                stream.requests = requests
                dispatch(stream, inbound: .stream(requests))
            }
        }
    }

    /// Request body bytes, through the stream's reader (framing, gzip, flow-control credit; see
    /// ``InboundMessageReader``). What is held is charged to the memory budgets: the buffer of a
    /// message in progress, then each decoded message until its handler is done with it.
    private func received(_ bytes: [UInt8], on id: Int32) {
        guard let session else { return }
        guard let stream = streams[id], stream.lifecycle.takesRequestBytes else {
            session.consume(stream: id, count: bytes.count)  // nobody will read these: return the window now
            return
        }
        session.consume(stream: id, count: stream.reader.received(bytes))
        drain(stream)
    }

    /// Decodes the whole messages the reader holds and hands them to the call. A streaming call's
    /// reader stops at a window of decoded messages unread: what is left stays compressed, its
    /// credit withheld, until the handler takes a message (``messageTaken(stream:)`` drains again).
    /// Once the request has ended and nothing is left to decode, the call learns the request is done.
    private func drain(_ stream: ServerStream) {
        guard chargeBuffer(stream) else { return }
        do {
            // Never inflate past what the budgets could still hold.
            while !(stream.requests != nil && stream.reader.isBacklogged),
                let message = try stream.reader.next(inflatingAtMost: budget.limit - budget.used)
            {
                chargeBuffer(stream)  // out of the buffer (it may be freed); charged again below as decoded
                guard charge(message.bytes.count, to: stream) else { return }
                if let requests = stream.requests {
                    stream.reader.queued(message)
                    requests.yield(message.bytes)
                } else if stream.singleRequest == nil {
                    stream.singleRequest = message.bytes
                } else {
                    fail(
                        stream,
                        RPCError(
                            .invalidArgument,
                            "protocol violation: \(stream.head?.path ?? "the method") takes one request message, and a second came"
                        ))
                    return
                }
            }
        } catch {
            if let limit = error.limit { limitHit(limit) }
            fail(stream, error.requestError)
            return
        }
        if stream.requestEndPending, !(stream.requests != nil && stream.reader.isBacklogged) {
            stream.requestEndPending = false
            finishRequest(stream)
        }
    }

    /// Holds `count` request bytes for `stream` against the connection's and the server's budgets;
    /// when they do not fit, fails the call with RESOURCE_EXHAUSTED and returns false.
    private func charge(_ count: Int, to stream: ServerStream) -> Bool {
        switch budget.charge(count) {
        case nil:
            stream.charged += count
            return true
        case .connection:
            limitHit("max_connection_buffered_bytes")
            refusedForMemory()
            fail(
                stream,
                RPCError(
                    .resourceExhausted,
                    "this connection holds too many request bytes (limit \(budget.limit)); retry when calls finish"))
        case .server:
            limitHit("max_buffered_bytes")
            refusedForMemory()
            fail(
                stream,
                RPCError(
                    .resourceExhausted, "the server holds too many request bytes; retry when calls finish"))
        }
        return false
    }

    /// Brings the budget in line with the memory the stream's reader holds for a message in
    /// progress now (its buffer's capacity, not only the bytes received); false when that no longer
    /// fits, and the call failed.
    @discardableResult
    private func chargeBuffer(_ stream: ServerStream) -> Bool {
        let held = stream.reader.reservedBytes
        if held > stream.bufferCharged {
            guard charge(held - stream.bufferCharged, to: stream) else { return false }
        } else if held < stream.bufferCharged {
            release(stream.bufferCharged - held, from: stream)
        }
        stream.bufferCharged = held
        return true
    }

    private func release(_ count: Int, from stream: ServerStream) {
        let count = min(count, stream.charged)
        stream.charged -= count
        budget.release(count)
    }

    private func releaseCharges(_ stream: ServerStream) {
        release(stream.charged, from: stream)
        stream.bufferCharged = 0
        stream.reader.discard()  // its memory too
    }

    /// `grpc_server_limit_hits_total{limit}` each time, and one log line per connection and limit.
    private func limitHit(_ limit: String) {
        Counter(label: "grpc_server_limit_hits_total", dimensions: [("limit", limit)]).increment()
        if limitsLogged.insert(limit).inserted {
            configuration.logger.warning(
                "a connection reached a server limit", metadata: ["limit": "\(limit)", "peer": "\(peer)"])
        }
    }

    /// The client ended the request: the call learns it once every message still held is decoded.
    private func endOfRequest(_ stream: ServerStream) {
        guard stream.lifecycle.requestEnded() else { return }
        stream.requestEndPending = true
        drain(stream)
    }

    private func finishRequest(_ stream: ServerStream) {
        guard stream.reader.bufferedBytes == 0 else {
            fail(stream, RPCError(.invalidArgument, "protocol violation: the request ended in the middle of a message"))
            return
        }
        if let requests = stream.requests {
            requests.finish()
        } else if let message = stream.singleRequest {
            stream.singleRequest = nil
            dispatch(stream, inbound: .message(message))
        } else {
            fail(stream, RPCError(.invalidArgument, "protocol violation: the request has no message"))
        }
    }

    private func dispatch(_ stream: ServerStream, inbound: ServerCallInbound) {
        guard let method = stream.method, let head = stream.head, let context else { return }
        let responder = ServerStreamResponder(
            handler: NIOLoopBound(self, eventLoop: context.eventLoop), stream: stream.id)
        let router = self.router
        if let executor {
            stream.task = Task(executorPreference: executor) {
                await router.handle(method, head: head, inbound: inbound, responder: responder)
            }
        } else {
            stream.task = Task {
                await router.handle(method, head: head, inbound: inbound, responder: responder)
            }
        }
    }

    /// Schedules the calls' one deadline timer at `due`, replacing the armed one; when it fires, it
    /// ends the open calls past their deadline and is armed for the next.
    private func armDeadlineTimer(_ due: NIODeadline) {
        deadlineTimer?.cancel()
        guard let context, !tornDown else {
            callDeadlines.cancel()
            return
        }
        deadlineTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: due) { [weak self] in
            guard let self else { return }
            self.deadlineTimer = nil
            let open = self.streams.values.lazy.compactMap { stream in
                stream.lifecycle.isOpen ? stream.deadline.map { (call: stream, deadline: $0.at) } : nil
            }
            let (expired, next) = self.callDeadlines.fired(now: self.now, open: open)
            for stream in expired { self.deadlineExceeded(stream) }
            if let next { self.armDeadlineTimer(next) }
        }
    }

    private func deadlineExceeded(_ stream: ServerStream) {
        guard stream.lifecycle.isOpen else { return }
        let clientSetIt = stream.deadline?.setByClient ?? false
        let error =
            clientSetIt
            ? RPCError(.deadlineExceeded, "deadline exceeded")
            : RPCError(.deadlineExceeded, "the call ran past the server's limit of \(configuration.maxCallDuration)")
        if !clientSetIt { limitHit("max_call_duration") }
        stream.task?.cancel()
        stream.requests?.fail(error)
        finish(stream, status: error.status, trailers: [:])
    }

    /// Ends a call the server refuses or cannot continue, stopping its handler if it runs.
    private func fail(_ stream: ServerStream, _ error: RPCError) {
        stream.task?.cancel()
        stream.requests?.fail(error)
        finish(stream, status: error.status, trailers: error.metadata)
    }

    /// Stops a call whose stream is gone (its lifecycle already says so): nothing is sent.
    private func abandon(_ stream: ServerStream, _ error: RPCError) {
        stream.task?.cancel()
        stream.requests?.fail(error)
    }

    /// A streaming handler took its oldest queued message: its wire size is credited to flow
    /// control and its decoded size leaves the budget (the two differ under gzip).
    func messageTaken(stream id: Int32) {
        guard let session, let stream = streams[id], let (_, decoded) = stream.reader.taken(releasing: false) else {
            return
        }
        release(decoded, from: stream)
        // Messages left compressed while the handler was behind are decoded first; the window
        // reopens only if the queue is still under a window after them, so the buffer cannot grow.
        drain(stream)
        guard streams[id] != nil else { return }
        let credit = stream.reader.releasableCredit()
        if credit > 0 {
            session.consume(stream: id, count: credit)
            scheduleFlush()
        }
    }

    // MARK: Responses (called by ServerStreamResponder on the event loop)

    static let responseHeaders = [
        (":status", "200"), ("content-type", "application/grpc"), ("grpc-accept-encoding", GRPCHeaders.acceptEncoding),
    ]

    func sendHeaders(stream id: Int32, metadata: Metadata) {
        guard let stream = streams[id], stream.lifecycle.isOpen, !stream.lifecycle.headersSent else { return }
        switch GRPCHeaders.fields(metadata) {
        case .success(let fields):
            guard stream.lifecycle.sendHeaders() else { return }
            submit { session in
                try session.submitResponse(stream: id, headers: Self.responseHeaders + fields)
            }
        case .failure(let error):
            fail(stream, error)
        }
    }

    enum SendOutcome {
        case sent
        /// Sent, but the stream's buffer is over the watermark: the writer must wait.
        case mustWait
        case failed(RPCError)
    }

    func sendMessage(stream id: Int32, message: [UInt8]) -> SendOutcome {
        guard let outbound, let stream = streams[id], stream.lifecycle.isOpen else {
            return .failed(RPCError(.cancelled, "the call has ended"))
        }
        guard message.count <= configuration.maxSendMessageSize else {
            return .failed(
                RPCError(
                    .resourceExhausted,
                    "response message of \(message.count) bytes exceeds the limit of \(configuration.maxSendMessageSize)"
                ))
        }
        if !stream.lifecycle.headersSent { sendHeaders(stream: id, metadata: [:]) }
        let mustWait = outbound.enqueueMessage(message, compressed: false, on: id)
        scheduleFlush()
        return mustWait ? .mustWait : .sent
    }

    func waitForDrain(stream id: Int32, _ continuation: CheckedContinuation<Void, any Error>) {
        guard let outbound, let stream = streams[id], stream.lifecycle.isOpen else {
            continuation.resume(throwing: RPCError(.cancelled, "the call has ended"))
            return
        }
        outbound.waitForDrain(stream: id, continuation)
    }

    func finish(stream id: Int32, status: RPCStatus, trailers: Metadata) {
        guard let stream = streams[id] else { return }
        finish(stream, status: status, trailers: trailers)
    }

    private func finish(_ stream: ServerStream, status: RPCStatus, trailers: Metadata) {
        let finish = stream.lifecycle.finish()
        guard finish != .none else { return }
        var status = status
        var extra: [(String, String)] = []
        switch GRPCHeaders.fields(trailers) {
        case .success(let fields): extra = fields
        case .failure(let error): status = error.status
        }
        let statusFields = GRPCHeaders.statusFields(status) + extra
        if finish == .trailers {
            session?.endBody(stream: stream.id, trailers: statusFields)
            scheduleFlush()
        } else {
            submit { session in
                try session.submitHeadersOnlyResponse(
                    stream: stream.id,
                    headers: Self.responseHeaders + statusFields)
            }
        }
        outbound?.resumeWriters(stream: stream.id)
        // The handler is done with its request (or cancelled): its bytes leave the budget now,
        // not when a client that never half-closes finally does.
        releaseCharges(stream)
    }

    // MARK: Writing

    private func submit(_ body: (NGHTTP2Session) throws -> Void) {
        guard let session else { return }
        do {
            try body(session)
        } catch {
            context?.close(promise: nil)
            return
        }
        scheduleFlush()
    }

    func wrote(_ context: ChannelHandlerContext) {
        guard let session else { return }
        // Sending can close streams too (our END_STREAM after the client's): act on that now, not at
        // the peer's next read, or a draining connection would wait for a client that says nothing.
        if !session.events.isEmpty { processEvents() }
        if session.isFinished { context.close(promise: nil) }
    }

    func writeFailed(_ context: ChannelHandlerContext) {
        context.close(promise: nil)
    }

    // MARK: Connection management

    /// A connection whose calls keep being refused for memory is flooding, not working: past
    /// `maxMemoryRefusals` it is closed (GOAWAY ENHANCE_YOUR_CALM), so that one client cannot keep
    /// the event loop reading and discarding its data while others wait.
    private func refusedForMemory() {
        memoryRefusals += 1
        guard memoryRefusals == configuration.maxMemoryRefusals + 1 else { return }
        limitHit("max_memory_refusals")
        perform(connection.closeCalmly(reason: "too_many_refused_requests"))
    }

    /// Graceful shutdown: GOAWAY in two steps with a PING round trip between them, then calls in
    /// flight have `gracePeriod` to finish (``ServerConnectionStateMachine``).
    func beginGracefulShutdown(gracePeriod: Duration) {
        guard session != nil, context != nil else { return }
        perform(connection.beginGracefulShutdown(grace: TimeAmount(gracePeriod), now: now))
    }

    /// Does what the connection state machine decided, then arms its timer for what comes next.
    private func perform(_ actions: [ServerConnectionStateMachine.Action]) {
        for action in actions {
            switch action {
            case .sendShutdownNotice(let ping):
                session?.submitShutdownNotice()
                session?.submitPing(payload: ping)
                flushNow()
            case .sendGoAway:
                session?.submitGoAway(errorCode: NGHTTP2_NO_ERROR.rawValue, reason: "server shutting down")
                flushNow()
            case .sendKeepalivePing:
                session?.submitPing()
                flushNow()
            case .failOpenStreams:
                for stream in streams.values {
                    fail(stream, RPCError(.unavailable, "the server is shutting down"))
                }
            case .close:
                closeWhenFlushed()
            case .closeCalmly(let reason):
                session?.submitGoAway(errorCode: NGHTTP2_ENHANCE_YOUR_CALM.rawValue, reason: reason)
                closeWhenFlushed()
            }
        }
        armTimer()
    }

    /// One timer for the connection, due when the state machine next has something to do. A
    /// deadline that moved later (the peer was heard from) is left armed: firing early is harmless,
    /// the machine finds nothing due and the timer is armed again.
    private func armTimer() {
        guard let context, !tornDown, let deadline = connection.nextDeadline else {
            timer?.cancel()
            timer = nil
            return
        }
        if timer != nil, let armed = timerDeadline, armed <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in
            guard let self else { return }
            self.timer = nil
            self.perform(self.connection.timerFired(now: self.now))
        }
    }

    /// Closes once everything written so far has reached the socket (writes complete in order).
    private func closeWhenFlushed() {
        guard let context else { return }
        flushNow()
        let channel = context.channel
        channel.writeAndFlush(channel.allocator.buffer(capacity: 0)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
