import ProtoWire

// Typed registration for each method kind; generated service code calls these. Each adapter
// decodes the request, calls the handler, and writes the response through the responder.
extension RPCRouter {
    public mutating func registerUnary<Input: ProtoMessage, Output: ProtoMessage>(
        _ descriptor: ProtoMethodDescriptor, _: Input.Type, _: Output.Type,
        handler: @escaping @Sendable (Input, ServerContext) async throws -> Output
    ) {
        let options = decoding
        let limit = descriptor.maxRequestBytes
        register(descriptor) { context, inbound, responder in
            let request = try Self.single(Input.self, inbound, options, limit: limit)
            let response = try await ServedRequest.$message.withValue(request) { try await handler(request, context) }
            if let headers = context.response.takeHeaders() { responder.sendHeaders(headers) }
            try await responder.sendMessage(response.serializedBytes())
        }
    }

    public mutating func registerServerStreaming<Input: ProtoMessage, Output: ProtoMessage>(
        _ descriptor: ProtoMethodDescriptor, _: Input.Type, _: Output.Type,
        handler: @escaping @Sendable (Input, RPCWriter<Output>, ServerContext) async throws -> Void
    ) {
        let options = decoding
        let limit = descriptor.maxRequestBytes
        register(descriptor) { context, inbound, responder in
            let request = try Self.single(Input.self, inbound, options, limit: limit)
            try await ServedRequest.$message.withValue(request) {
                try await handler(request, Self.writer(context, responder), context)
            }
        }
    }

    public mutating func registerClientStreaming<Input: ProtoMessage, Output: ProtoMessage>(
        _ descriptor: ProtoMethodDescriptor, _: Input.Type, _: Output.Type,
        handler: @escaping @Sendable (RPCInbound<Input>, ServerContext) async throws -> Output
    ) {
        let options = decoding
        register(descriptor) { context, inbound, responder in
            let response = try await handler(try Self.stream(Input.self, inbound, options), context)
            if let headers = context.response.takeHeaders() { responder.sendHeaders(headers) }
            try await responder.sendMessage(response.serializedBytes())
        }
    }

    public mutating func registerBidirectionalStreaming<Input: ProtoMessage, Output: ProtoMessage>(
        _ descriptor: ProtoMethodDescriptor, _: Input.Type, _: Output.Type,
        handler: @escaping @Sendable (RPCInbound<Input>, RPCWriter<Output>, ServerContext) async throws -> Void
    ) {
        let options = decoding
        register(descriptor) { context, inbound, responder in
            try await handler(try Self.stream(Input.self, inbound, options), Self.writer(context, responder), context)
        }
    }

    /// The one request, refused before it is decoded when it is larger than the method declares
    /// it takes (`limit`).
    static func single<Input: ProtoMessage>(
        _: Input.Type, _ inbound: ServerCallInbound, _ options: ProtoDecodingOptions, limit: Int? = nil
    ) throws -> Input {
        switch inbound {
        case .message(let bytes):
            if let limit, bytes.count > limit {
                throw RPCError(
                    .resourceExhausted,
                    "request: \(bytes.count) bytes exceeds the limit of \(limit) bytes for this method")
            }
            return try Input(serializedBytes: bytes, options: options)
        case .stream:
            throw RPCError(.internal, "a single-request method was given a request stream")
        }
    }

    static func stream<Input: ProtoMessage>(
        _: Input.Type, _ inbound: ServerCallInbound, _ options: ProtoDecodingOptions
    ) throws -> RPCInbound<Input> {
        switch inbound {
        case .stream(let queue):
            return RPCInbound(queue: queue, decodeFailure: .invalidArgument, options: options)
        case .message(let bytes):
            // A transport may collect a client stream that was already complete; serve it as one.
            let queue = RPCQueue<[UInt8]>()
            queue.yield(bytes)
            queue.finish()
            return RPCInbound(queue: queue, decodeFailure: .invalidArgument, options: options)
        }
    }

    static func writer<Output: ProtoMessage>(
        _ context: ServerContext, _ responder: any ServerCallResponder
    ) -> RPCWriter<Output> {
        RPCWriter { bytes throws(RPCError) in
            if let headers = context.response.takeHeaders() { responder.sendHeaders(headers) }
            try await responder.sendMessage(bytes)
        }
    }
}
