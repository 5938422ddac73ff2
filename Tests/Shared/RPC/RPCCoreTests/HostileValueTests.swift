import EchoContract
import ProtoWire
import RPCCore
import Synchronization
import Testing

/// Values a caller controls reaching arithmetic and messages: nothing traps, nothing grows unbounded.
struct HostileValueTests {
    @Test func theLargestTimeoutOnTheWireFormatsAndConvertsWithoutTrapping() throws {
        let largest = try #require(GRPCTimeout.parse("99999999H"))
        #expect(largest.saturatingNanoseconds == Int64.max)
        #expect(largest.saturatingMilliseconds == 99_999_999 * 3_600_000)
        #expect(GRPCTimeout.format(largest) == "99999999H")
        #expect(GRPCTimeout.format(.seconds(Int64.max)) == "99999999H")
        #expect(Duration.seconds(Int64.min).saturatingNanoseconds == Int64.min)
        #expect(Duration.milliseconds(1500).saturatingNanoseconds == 1_500_000_000)
    }

    @Test func statusMessagesAreCutToABoundedPrefixAtACharacterBoundary() {
        let long = RPCStatus(code: .notFound, message: String(repeating: "ễ", count: 70_000))
        let bounded = long.bounded()
        #expect(bounded.message.utf8.count <= RPCStatus.maxMessageBytes)
        #expect(bounded.message.hasSuffix("…"))
        #expect(bounded.message.dropLast().allSatisfy { $0 == "ễ" })
        #expect(bounded.code == .notFound)
        let short = RPCStatus(code: .notFound, message: "no unit '08'")
        #expect(short.bounded() == short)
        #expect(String(repeating: "x", count: 500).quotedPrefix(10) == "xxxxxxxxxx…")
        #expect("08".quotedPrefix(10) == "08")
    }

    final class Refuser: ServerInterceptor, ServerCallAdmission, ServerRefusalObserver {
        let refusals = Mutex<[String]>([])
        func intercept(context: ServerContext, next: @Sendable (ServerContext) async throws -> Void) async throws {
            try await next(context)
        }
        func admit(method: ProtoMethodDescriptor, head: ServerCallHead) -> Result<String?, RPCError> {
            head.metadata["authorization"] == "yes" ? .success("alice") : .failure(RPCError(.unauthenticated, "no"))
        }
        func refused(method: ProtoMethodDescriptor, head: ServerCallHead, principal: String?, error: RPCError) {
            refusals.withLock { $0.append("\(method.name) \(error.code)") }
        }
    }

    @Test func admissionDecidesOnHeadersAndReportsRefusals() async throws {
        let refuser = Refuser()
        var router = RPCRouter(interceptors: [refuser])
        router.add(EchoHandler())
        let method = try #require(router["/bench.Echo/Get"])
        var anonymous = ServerCallHead(path: method.descriptor.path, metadata: [:], peer: "test", deadline: nil)
        #expect(router.admit(method, head: &anonymous)?.code == .unauthenticated)
        #expect(!anonymous.admitted)
        var signed = ServerCallHead(
            path: method.descriptor.path, metadata: ["authorization": "yes"], peer: "test", deadline: nil)
        #expect(router.admit(method, head: &signed) == nil)
        #expect(signed.admitted && signed.principal == "alice")
        #expect(refuser.refusals.withLock { $0 } == ["Get UNAUTHENTICATED"])
        // A transport that did not ask (in process) gets the same decision from the router.
        try await withInProcessServer(serverInterceptors: [refuser]) { client in
            let error = await #expect(throws: RPCError.self) {
                try await EchoService.Client(client).get(EchoRequest(text: "hi"))
            }
            #expect(error?.code == .unauthenticated)
        }
        #expect(refuser.refusals.withLock { $0 }.count == 2)
    }
}
