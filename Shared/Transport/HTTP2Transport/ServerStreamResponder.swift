import NIOCore
import RPCCore

/// How a handler's answers reach its connection: straight through when the handler already runs on
/// the connection's event loop, otherwise by a hop onto it.
struct ServerStreamResponder: ServerCallResponder {
    let handler: NIOLoopBound<HTTP2ServerConnectionHandler>
    let stream: Int32

    private func onLoop(_ body: @escaping @Sendable (HTTP2ServerConnectionHandler) -> Void) {
        let loop = handler.eventLoop
        if loop.inEventLoop {
            body(handler.value)
        } else {
            let handler = self.handler
            loop.execute { body(handler.value) }
        }
    }

    func sendHeaders(_ metadata: Metadata) {
        let stream = self.stream
        onLoop { $0.sendHeaders(stream: stream, metadata: metadata) }
    }

    func sendMessage(_ message: [UInt8]) async throws(RPCError) {
        let stream = self.stream
        let loop = handler.eventLoop
        let outcome: HTTP2ServerConnectionHandler.SendOutcome
        if loop.inEventLoop {
            outcome = handler.value.sendMessage(stream: stream, message: message)
        } else {
            let handler = self.handler
            do {
                outcome = try await loop.submit { handler.value.sendMessage(stream: stream, message: message) }.get()
            } catch {
                throw RPCError(.unavailable, "the connection closed")
            }
        }
        switch outcome {
        case .sent:
            return
        case .failed(let error):
            throw error
        case .mustWait:
            let handler = self.handler
            do {
                try await withCheckedThrowingContinuation { continuation in
                    loop.execute { handler.value.waitForDrain(stream: stream, continuation) }
                }
            } catch {
                throw RPCError(converting: error)
            }
        }
    }

    func finish(status: RPCStatus, trailers: Metadata) {
        let stream = self.stream
        onLoop { $0.finish(stream: stream, status: status, trailers: trailers) }
    }
}
