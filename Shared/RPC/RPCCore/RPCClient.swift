import ProtoWire

/// Makes calls over a transport; generated clients are thin typed wrappers around it.
public struct RPCClient: Sendable {
    public let transport: any ClientTransport
    public var interceptors: [any ClientInterceptor]

    public init(transport: any ClientTransport, interceptors: [any ClientInterceptor] = []) {
        self.transport = transport
        self.interceptors = interceptors
    }

    public func unary<Input: ProtoMessage, Output: ProtoMessage>(
        _ method: ProtoMethodDescriptor, request: Input, metadata: Metadata = [:], options: CallOptions = .defaults,
        responseType: Output.Type = Output.self
    ) async throws -> ClientResponse<Output> {
        try await call(method, metadata: metadata, options: options) { call in
            try await call.send(request.serializedBytes())
            call.closeSending()
            return try await Self.singleResponse(Output.self, call)
        }
    }

    public func serverStreaming<Input: ProtoMessage, Output: ProtoMessage, Result: Sendable>(
        _ method: ProtoMethodDescriptor, request: Input, metadata: Metadata = [:], options: CallOptions = .defaults,
        responseType: Output.Type = Output.self,
        onResponses: @escaping @Sendable (ClientResponseStream<Output>) async throws -> Result
    ) async throws -> Result {
        try await call(method, metadata: metadata, options: options) { call in
            try await call.send(request.serializedBytes())
            call.closeSending()
            return try await Self.consume(call, onResponses)
        }
    }

    public func clientStreaming<Input: ProtoMessage, Output: ProtoMessage>(
        _ method: ProtoMethodDescriptor, metadata: Metadata = [:], options: CallOptions = .defaults,
        requestType: Input.Type = Input.self, responseType: Output.Type = Output.self,
        requests: @escaping @Sendable (RPCWriter<Input>) async throws -> Void
    ) async throws -> ClientResponse<Output> {
        try await call(method, metadata: metadata, options: options) { call in
            do {
                try await requests(RPCWriter { bytes throws(RPCError) in try await call.send(bytes) })
            } catch {
                call.cancel()
                throw error
            }
            call.closeSending()
            return try await Self.singleResponse(Output.self, call)
        }
    }

    /// Runs `requests` and `onResponses` concurrently: the server may answer before it has read
    /// every request.
    public func bidirectionalStreaming<Input: ProtoMessage, Output: ProtoMessage, Result: Sendable>(
        _ method: ProtoMethodDescriptor, metadata: Metadata = [:], options: CallOptions = .defaults,
        requestType: Input.Type = Input.self, responseType: Output.Type = Output.self,
        requests: @escaping @Sendable (RPCWriter<Input>) async throws -> Void,
        onResponses: @escaping @Sendable (ClientResponseStream<Output>) async throws -> Result
    ) async throws -> Result {
        try await call(method, metadata: metadata, options: options) { call in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        try await requests(RPCWriter { bytes throws(RPCError) in try await call.send(bytes) })
                        call.closeSending()
                    } catch {
                        call.cancel()
                        throw error
                    }
                }
                let result = try await Self.consume(call, onResponses)
                try await group.waitForAll()
                return result
            }
        }
    }

    // MARK: Plumbing

    private func call<Result: Sendable>(
        _ method: ProtoMethodDescriptor, metadata: Metadata, options: CallOptions,
        body: @escaping @Sendable (any ClientCall) async throws -> Result
    ) async throws -> Result {
        let deadline = options.timeout.map { ContinuousClock.now.advanced(by: $0) }
        let head = ClientCallHead(
            method: method, metadata: metadata, deadline: deadline, compression: options.compression)
        return try await run(index: 0, head: head) { head in
            let call = try await transport.openCall(head)
            return try await withTaskCancellationHandler {
                try await body(call)
            } onCancel: {
                call.cancel()
            }
        }
    }

    private func run<Result: Sendable>(
        index: Int, head: ClientCallHead, body: @escaping @Sendable (ClientCallHead) async throws -> Result
    ) async throws -> Result {
        guard index < interceptors.count else { return try await body(head) }
        return try await interceptors[index].intercept(head: head) { head in
            try await run(index: index + 1, head: head, body: body)
        }
    }

    static func singleResponse<Output: ProtoMessage>(
        _: Output.Type, _ call: any ClientCall
    ) async throws(RPCError) -> ClientResponse<Output> {
        var headers = Metadata()
        var message: Output?
        while true {
            switch await call.next() {
            case .headers(let received):
                headers = received
            case .message(let bytes):
                guard message == nil else {
                    call.cancel()
                    throw RPCError(.internal, "the server sent more than one response to a single-response call")
                }
                do {
                    message = try Output(serializedBytes: bytes)
                } catch {
                    call.cancel()
                    throw RPCError(.internal, "response does not decode: \(error)")
                }
            case .end(let status, let trailers):
                guard status.code == .ok else { throw RPCError(status.code, status.message, metadata: trailers) }
                guard let message else {
                    throw RPCError(.internal, "the server ended a single-response call without a response")
                }
                return ClientResponse(message: message, headers: headers, trailers: trailers)
            }
        }
    }

    static func consume<Output: ProtoMessage, Result: Sendable>(
        _ call: any ClientCall, _ onResponses: @Sendable (ClientResponseStream<Output>) async throws -> Result
    ) async throws -> Result {
        let stream = ClientResponseStream<Output>(call: call)
        do {
            let result = try await onResponses(stream)
            // Drain to the status, so a failure the caller did not iterate to is still reported.
            while try await stream.nextMessage() != nil {}
            return result
        } catch {
            call.cancel()
            throw error
        }
    }
}
