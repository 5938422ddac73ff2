import Logging
import ProtoWire
import RPCCore

/// One log line per call: service, method, status, duration, peer and request id. Metadata values
/// are never logged: they may carry credentials. A call refused on its headers (authentication)
/// never reaches the chain; the router tells this of it (``ServerRefusalObserver``) and it gets its
/// line too, so an operator sees a flood of bad tokens.
public struct CallLoggingInterceptor: ServerInterceptor, ServerRefusalObserver {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func intercept(
        context: ServerContext, next: @Sendable (ServerContext) async throws -> Void
    ) async throws {
        let start = ContinuousClock.now
        do {
            try await next(context)
            log(context.method, context.peer, context.requestID, status: .ok, start: start)
        } catch {
            let failure = RPCError(converting: error)
            // A server fault's own words stay in the log (the caller gets only the status), so the
            // operator on call sees why, not just that.
            let isFault = [.internal, .unavailable, .resourceExhausted, .dataLoss].contains(failure.code)
            let cause = isFault && !(error is RPCError) ? "\(error)" : nil
            log(
                context.method, context.peer, context.requestID, status: failure.code, start: start,
                message: failure.message, cause: cause)
            throw error
        }
    }

    public func refused(method: ProtoMethodDescriptor, head: ServerCallHead, principal: String?, error: RPCError) {
        log(
            method, head.peer, RequestID.accept(head.metadata["x-request-id"]), status: error.code,
            start: .now, message: error.message)
    }

    func log(
        _ method: ProtoMethodDescriptor, _ peer: String, _ requestID: String, status: StatusCode,
        start: ContinuousClock.Instant, message: String? = nil, cause: String? = nil
    ) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        // Server faults are worth a warning (a resource the server ran out of among them: its
        // disk, with a cause); a caller's mistake, such as a message over the limit, is routine.
        let level: Logger.Level =
            switch status {
            case .internal, .unknown, .dataLoss, .unavailable: .warning
            case .resourceExhausted where cause != nil: .warning
            default: .info
            }
        // The texts as they are, not interpolated into new strings; in key order.
        var fields: [DICLogHandler.TextField] = []
        fields.reserveCapacity(9)
        fields.append(("duration_ms", ((milliseconds * 1000).rounded() / 1000).description))
        if let cause, cause != message { fields.append(("error", cause)) }
        fields.append(("peer", peer))
        fields.append(("request_id", requestID))
        if let message { fields.append(("rpc.message", message)) }
        fields.append(("rpc.method", method.name))
        fields.append(("rpc.service", method.service))
        fields.append(("rpc.status", status.description))
        if let handler = logger.handler as? DICLogHandler {
            handler.log(level: level, "call", sortedFields: fields)
        } else {
            logger.log(
                level: level, "call",
                metadata: Logger.Metadata(uniqueKeysWithValues: fields.map { ($0.key, .string($0.value)) }))
        }
    }
}
