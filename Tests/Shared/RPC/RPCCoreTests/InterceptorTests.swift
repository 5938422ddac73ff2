import EchoContract
import ProtoWire
import RPCCore
import Synchronization
import Testing

struct InterceptorTests {
    /// Rejects calls without the expected token, the way the authentication interceptor will.
    struct RequireToken: ServerInterceptor {
        func intercept(
            context: ServerContext, next: @Sendable (ServerContext) async throws -> Void
        ) async throws {
            guard context.metadata["authorization"] == "Bearer secret" else {
                throw RPCError(.unauthenticated, "missing or wrong credentials")
            }
            try await next(context)
        }
    }

    struct AddToken: ClientInterceptor {
        func intercept<Result: Sendable>(
            head: ClientCallHead, next: @Sendable (ClientCallHead) async throws -> Result
        ) async throws -> Result {
            var head = head
            head.metadata.add("authorization", "Bearer secret")
            return try await next(head)
        }
    }

    final class Log: Sendable {
        let entries = Mutex<[String]>([])
    }

    /// Records the order interceptors run in and the status each call ended with.
    struct Recorder: ServerInterceptor {
        let name: String
        let log: Log

        init(_ name: String, log: Log) {
            self.name = name
            self.log = log
        }

        func intercept(
            context: ServerContext, next: @Sendable (ServerContext) async throws -> Void
        ) async throws {
            log.entries.withLock { $0.append("\(name) before \(context.method.name)") }
            do {
                try await next(context)
                log.entries.withLock { $0.append("\(name) after OK") }
            } catch {
                log.entries.withLock { $0.append("\(name) after \(RPCError(converting: error).code)") }
                throw error
            }
        }
    }

    /// Decides on a call's headers; its `intercept` would only pass the call on.
    struct HeaderCheck: ServerInterceptor, ServerCallAdmission {
        let log: Log
        var wrapsAdmittedCalls: Bool { false }

        func admit(method: ProtoMethodDescriptor, head: ServerCallHead) -> Result<String?, RPCError> {
            log.entries.withLock { $0.append("admit \(method.name)") }
            return .success("checked")
        }

        func intercept(
            context: ServerContext, next: @Sendable (ServerContext) async throws -> Void
        ) async throws {
            log.entries.withLock { $0.append("intercept \(context.method.name)") }
            try await next(context)
        }
    }

    @Test func serverInterceptorRejectsAndClientInterceptorSupplies() async throws {
        try await withInProcessServer(serverInterceptors: [RequireToken()]) { rpc in
            let error = await #expect(throws: RPCError.self) { try await EchoService.Client(rpc).get(EchoRequest()) }
            #expect(error?.code == .unauthenticated)
        }
        try await withInProcessServer(serverInterceptors: [RequireToken()], clientInterceptors: [AddToken()]) {
            rpc in
            let response = try await EchoService.Client(rpc).get(EchoRequest(text: "ok"))
            #expect(response.text == "ok")
        }
    }

    @Test func interceptorsRunInOrderAndSeeTheOutcome() async throws {
        let log = Log()
        let interceptors = [Recorder("outer", log: log), Recorder("inner", log: log)]
        try await withInProcessServer(serverInterceptors: interceptors) { rpc in
            _ = try await EchoService.Client(rpc).get(EchoRequest())
            _ = try? await EchoService.Client(rpc).get(EchoRequest(failCode: 5))
        }
        #expect(
            log.entries.withLock { $0 } == [
                "outer before Get", "inner before Get", "inner after OK", "outer after OK",
                "outer before Get", "inner before Get", "inner after NOT_FOUND", "outer after NOT_FOUND",
            ])
    }

    @Test func anInterceptorThatOnlyAdmitsIsLeftOutOfTheChain() async throws {
        let log = Log()
        try await withInProcessServer(serverInterceptors: [HeaderCheck(log: log), Recorder("outer", log: log)]) { rpc in
            _ = try await EchoService.Client(rpc).get(EchoRequest())
        }
        #expect(log.entries.withLock { $0 } == ["admit Get", "outer before Get", "outer after OK"])
    }
}
