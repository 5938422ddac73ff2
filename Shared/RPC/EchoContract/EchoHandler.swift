import RPCCore

/// The Echo contract (`Protos/bench/echo.proto`) served: the benchmark server, the interop tests and
/// the transport tests all run this one implementation. Its control fields reach the error,
/// deadline, streaming and metadata paths of whatever transport carries it.
public struct EchoHandler: EchoService.ServiceProtocol {
    public init() {}

    public func get(_ request: EchoRequest, context: ServerContext) async throws -> EchoResponse {
        Self.echoMetadata(context)
        try await Self.delay(request)
        try Self.failIfAsked(request)
        return Self.response(to: request)
    }

    public func expand(
        _ request: EchoRequest, responses: RPCWriter<EchoResponse>, context: ServerContext
    ) async throws {
        Self.echoMetadata(context)
        for value in request.values {
            try await Self.delay(request)
            var response = Self.response(to: request)
            response.id = Int64(value)
            response.values = []
            try await responses.write(response)
        }
        // After the messages, so tests see a failure that follows data.
        try Self.failIfAsked(request)
    }

    public func collect(_ requests: RPCInbound<EchoRequest>, context: ServerContext) async throws -> EchoResponse {
        Self.echoMetadata(context)
        var result = EchoResponse()
        for try await request in requests {
            try await Self.delay(request)
            try Self.failIfAsked(request)
            result.text += request.text
            result.id &+= request.id
        }
        return result
    }

    public func chat(
        _ requests: RPCInbound<EchoRequest>, responses: RPCWriter<EchoResponse>, context: ServerContext
    ) async throws {
        Self.echoMetadata(context)
        for try await request in requests {
            try await Self.delay(request)
            try Self.failIfAsked(request)
            try await responses.write(Self.response(to: request))
        }
    }

    static func response(to request: EchoRequest) -> EchoResponse {
        let text =
            request.responseBytes > 0 ? String(repeating: "x", count: Int(request.responseBytes)) : request.text
        return EchoResponse(text: text, id: request.id, values: request.values, meta: request.meta)
    }

    static func delay(_ request: EchoRequest) async throws {
        if request.delayMs > 0 {
            try await Task.sleep(for: .milliseconds(Int64(request.delayMs)))
        }
    }

    static func failIfAsked(_ request: EchoRequest) throws {
        guard request.failCode != 0 else { return }
        let code = StatusCode(rawValue: Int(request.failCode))
        guard code != .ok else { return }
        throw RPCError(code, request.failMessage)
    }

    /// "x-grpc-test-echo-initial" comes back as a header, "x-grpc-test-echo-trailing-bin" as a trailer.
    static func echoMetadata(_ context: ServerContext) {
        for value in context.metadata.values("x-grpc-test-echo-initial") {
            context.addResponseHeader("x-grpc-test-echo-initial", value)
        }
        for value in context.metadata.values("x-grpc-test-echo-trailing-bin") {
            context.addTrailer("x-grpc-test-echo-trailing-bin", value)
        }
    }
}
