import ProtoWire
import RPCCore
import Synchronization

/// The client half of ``InProcessTransport``.
public struct InProcessClientTransport: ClientTransport {
    let server: InProcessServerTransport

    public func openCall(_ head: ClientCallHead) async throws(RPCError) -> any ClientCall {
        let router = try server.admit().get()
        let call = InProcessCall()
        guard let method = router[head.method.path] else {
            server.callEnded()
            call.finishOnce(
                status: RPCStatus(code: .unimplemented, message: "no method \(head.method.path)"), trailers: [:])
            return call
        }
        let serverHead = ServerCallHead(
            path: head.method.path, metadata: head.metadata, peer: "in-process", deadline: head.deadline)
        let server = self.server
        let task = Task {
            defer { server.callEnded() }
            let inbound: ServerCallInbound
            if method.takesSingleRequest {
                do {
                    inbound = .message(try await call.singleRequest())
                } catch {
                    call.finishOnce(status: RPCError(converting: error).status, trailers: [:])
                    return
                }
            } else {
                inbound = .stream(call.requests)
            }
            await router.handle(method, head: serverHead, inbound: inbound, responder: call)
        }
        call.attach(handler: task)
        if let deadline = head.deadline {
            call.attach(
                timer: Task {
                    guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return }
                    call.finishOnce(
                        status: RPCStatus(code: .deadlineExceeded, message: "deadline exceeded"), trailers: [:])
                })
        }
        return call
    }
}

/// Both ends of one in-process call: the server's responder and the client's call.
final class InProcessCall: ClientCall, ServerCallResponder {
    let requests = RPCQueue<[UInt8]>()
    let events = RPCQueue<ClientCallEvent>()
    private struct State {
        var ended = false
        var handler: Task<Void, Never>?
        var timer: Task<Void, Never>?
    }

    private let state = Mutex(State())

    func attach(handler: Task<Void, Never>) {
        state.withLock { $0.handler = handler }
    }

    /// The deadline timer; cancelled when the call ends first, so no sleeper outlives its call.
    func attach(timer: Task<Void, Never>) {
        let ended = state.withLock { state -> Bool in
            state.timer = timer
            return state.ended
        }
        if ended { timer.cancel() }
    }

    /// The one request message of a unary or server-streaming call.
    func singleRequest() async throws(RPCError) -> [UInt8] {
        guard let message = try await requests.next() else {
            throw RPCError(.internal, "the client sent no request message")
        }
        guard try await requests.next() == nil else {
            throw RPCError(.internal, "the client sent more than one request message")
        }
        return message
    }

    // MARK: ServerCallResponder

    func sendHeaders(_ metadata: Metadata) {
        if !state.withLock({ $0.ended }) { events.yield(.headers(metadata)) }
    }

    func sendMessage(_ message: [UInt8]) async throws(RPCError) {
        if state.withLock({ $0.ended }) { throw RPCError(.cancelled, "the call has ended") }
        events.yield(.message(message))
    }

    func finish(status: RPCStatus, trailers: Metadata) {
        finishOnce(status: status, trailers: trailers)
    }

    /// Ends the call if nothing else has. A server that has not finished by then (deadline, client
    /// cancel) has its handler cancelled.
    func finishOnce(status: RPCStatus, trailers: Metadata) {
        let (first, handler, timer) = state.withLock { state in
            defer { state.ended = true }
            return (!state.ended, state.handler, state.timer)
        }
        guard first else { return }
        timer?.cancel()
        events.yield(.end(status, trailers: trailers))
        events.finish()
        requests.fail(RPCError(status.code == .ok ? .cancelled : status.code, "the call has ended"))
        if status.code != .ok { handler?.cancel() }
    }

    // MARK: ClientCall

    func send(_ message: [UInt8]) async throws(RPCError) {
        // After the server has ended the call there is no one to send to; the caller learns why
        // from the status it reads next, so the message is dropped rather than masking that status.
        requests.yield(message)
    }

    func closeSending() { requests.finish() }

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
        finishOnce(status: RPCStatus(code: .cancelled, message: "the client cancelled the call"), trailers: [:])
    }
}
