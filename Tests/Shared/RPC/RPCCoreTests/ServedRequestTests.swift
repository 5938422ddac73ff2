import EchoContract
import ProtoWire
import RPCCore
import Testing

/// The router makes the decoded request of a single-request call known to what the handler calls
/// (an idempotent write compares it with the request its id was first used for).
struct ServedRequestTests {
    static let unary = ProtoMethodDescriptor(
        service: "test.Served", name: "Get", kind: .unary, inputType: "bench.EchoRequest",
        outputType: "bench.EchoResponse")
    static let streaming = ProtoMethodDescriptor(
        service: "test.Served", name: "Expand", kind: .serverStreaming, inputType: "bench.EchoRequest",
        outputType: "bench.EchoResponse")

    /// Answers with the text of the request it finds served, in a function that is not given it.
    struct Served: RPCService {
        static func seen() -> String {
            guard let message = ServedRequest.message else { return "none" }
            return (message as? EchoRequest)?.text ?? "another type"
        }

        func registerMethods(with router: inout RPCRouter) {
            router.registerUnary(ServedRequestTests.unary, EchoRequest.self, EchoResponse.self) { _, _ in
                EchoResponse(text: Served.seen())
            }
            router.registerServerStreaming(ServedRequestTests.streaming, EchoRequest.self, EchoResponse.self) {
                _, writer, _ in
                try await writer.write(EchoResponse(text: Served.seen()))
            }
        }
    }

    @Test func aHandlerAndWhatItCallsSeeTheRequestBeingServedAndNothingOutsideACall() async throws {
        try await withInProcessServer([Served()]) { client in
            let unary = try await client.unary(
                Self.unary, request: EchoRequest(text: "Ba Bể"), responseType: EchoResponse.self)
            #expect(unary.message.text == "Ba Bể")
            let streamed = try await client.serverStreaming(
                Self.streaming, request: EchoRequest(text: "Pác Nặm"), responseType: EchoResponse.self
            ) { responses in
                var texts: [String] = []
                for try await response in responses { texts.append(response.text) }
                return texts
            }
            #expect(streamed == ["Pác Nặm"])
        }
        #expect(Served.seen() == "none")
    }
}
