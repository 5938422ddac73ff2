import NIOCore
import RPCCore

/// A call in progress on an ``HTTP2ClientTransport`` connection.
struct HTTP2ClientCall: ClientCall {
    let handler: NIOLoopBound<HTTP2ClientConnectionHandler>
    let stream: Int32
    let events: RPCQueue<ClientCallEvent>

    private func onLoop(_ body: @escaping @Sendable (HTTP2ClientConnectionHandler) -> Void) {
        if handler.eventLoop.inEventLoop {
            body(handler.value)
        } else {
            let handler = self.handler
            handler.eventLoop.execute { body(handler.value) }
        }
    }

    func send(_ message: [UInt8]) async throws(RPCError) {
        let handler = self.handler
        let stream = self.stream
        let outcome: HTTP2ClientConnectionHandler.SendOutcome
        do {
            outcome = try await handler.eventLoop.submit { handler.value.sendMessage(stream: stream, message: message) }
                .get()
        } catch {
            return  // the connection is gone; the call's status says so
        }
        switch outcome {
        case .sent: return
        case .failed(let error): throw error
        case .mustWait:
            try? await withCheckedThrowingContinuation { continuation in
                handler.eventLoop.execute { handler.value.waitForDrain(stream: stream, continuation) }
            }
        }
    }

    func closeSending() {
        let stream = self.stream
        onLoop { $0.closeSending(stream: stream) }
    }

    func next() async -> ClientCallEvent {
        do {
            if let event = try await events.next() { return event }
            return .end(RPCStatus(code: .internal, message: "the call ended without a status"), trailers: [:])
        } catch {
            cancel()
            return .end(RPCStatus(code: .cancelled, message: "the call was cancelled"), trailers: [:])
        }
    }

    func cancel() {
        let stream = self.stream
        onLoop { $0.abort(stream: stream, RPCStatus(code: .cancelled, message: "the client cancelled the call")) }
    }
}
