import EchoContract
import ProtoWire
import RPCCore
import Testing

/// A method that declares `(dic.common.v1.max_request_bytes)` takes no larger request: refused
/// before it is decoded, whatever the transport's own limit.
struct RequestLimitTests {
    /// `MethodOptions` holding field 50003 as a varint.
    static func options(maxRequestBytes: UInt32) -> [UInt8] {
        var bytes: [UInt8] = []
        func varint(_ value: UInt64) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }
        varint(UInt64(50_003) << 3)
        varint(UInt64(maxRequestBytes))
        return bytes
    }

    static let limited = ProtoMethodDescriptor(
        service: "test.Limited", name: "Put", kind: .unary, inputType: "bench.EchoRequest",
        outputType: "bench.EchoResponse",
        // An access option first, as generated methods carry: the limit is found after it.
        options: [138, 181, 24, 6, 101, 100, 105, 116, 111, 114] + options(maxRequestBytes: 1024))

    struct Limited: RPCService {
        func registerMethods(with router: inout RPCRouter) {
            router.registerUnary(RequestLimitTests.limited, EchoRequest.self, EchoResponse.self) { request, _ in
                EchoResponse(text: "\(request.text.utf8.count)")
            }
        }
    }

    @Test func theDeclaredLimitIsReadFromTheMethodsOptions() {
        #expect(Self.limited.maxRequestBytes == 1024)
        #expect(EchoService.get.maxRequestBytes == nil)
        let zero = ProtoMethodDescriptor(
            service: "s", name: "m", kind: .unary, inputType: "a", outputType: "b",
            options: Self.options(maxRequestBytes: 0))
        #expect(zero.maxRequestBytes == nil)
    }

    @Test func aRequestOverTheMethodsLimitIsRefusedAndOneAtItIsServed() async throws {
        try await withInProcessServer([Limited(), EchoHandler()]) { client in
            // Field 1's tag and a two-byte length: three bytes besides the text.
            let fits = EchoRequest(text: String(repeating: "a", count: 1021))
            #expect(fits.serializedSize() == 1024)
            let served = try await client.unary(Self.limited, request: fits, responseType: EchoResponse.self)
            #expect(served.message.text == "1021")
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.unary(
                    Self.limited, request: EchoRequest(text: String(repeating: "a", count: 1022)),
                    responseType: EchoResponse.self)
            }
            #expect(error?.code == .resourceExhausted)
            #expect(error?.message == "request: 1025 bytes exceeds the limit of 1024 bytes for this method")
            // A method without the option takes what the transport takes.
            let echoed = try await EchoService.Client(client).get(
                EchoRequest(text: String(repeating: "a", count: 8000)))
            #expect(echoed.text.utf8.count == 8000)
        }
    }
}
