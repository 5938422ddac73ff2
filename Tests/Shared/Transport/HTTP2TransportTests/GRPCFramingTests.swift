import RPCCore
import Testing

@testable import HTTP2Transport

/// The pure parts of the transport, without sockets.
struct GRPCFramingTests {
    func frame(_ body: [UInt8], compressed: Bool = false) -> [UInt8] {
        let length = UInt32(body.count)
        return [
            compressed ? 1 : 0, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
            UInt8(length & 0xFF),
        ]
            + body
    }

    @Test func messagesSplitAcrossChunksAndSharingChunks() throws {
        var deframer = GRPCMessageDeframer(maxMessageSize: 100)
        let stream = frame([1, 2, 3]) + frame([]) + frame([4, 5])
        // Feed one byte at a time: every split point is exercised.
        var messages: [[UInt8]] = []
        for byte in stream {
            deframer.append([byte])
            while let message = try deframer.next() { messages.append(message.bytes) }
        }
        #expect(messages == [[1, 2, 3], [], [4, 5]])
        #expect(deframer.bufferedBytes == 0)
        deframer.append(frame([9, 9]) + frame([8]))
        #expect(try deframer.next()?.bytes == [9, 9])
        #expect(try deframer.next()?.bytes == [8])
        #expect(try deframer.next() == nil)
    }

    /// The budget counts what the deframer reserves; growth by doubling used to reserve up to twice
    /// the message, memory no budget saw.
    @Test func aMessageArrivingInPiecesReservesNoMoreThanItself() throws {
        let size = 1 << 20
        var deframer = GRPCMessageDeframer(maxMessageSize: size)
        let message = [0, 0x00, 0x10, 0x00, 0x00] + [UInt8](repeating: 7, count: size)
        for offset in stride(from: 0, to: message.count - 1, by: 16_384) {
            deframer.append(Array(message[offset..<min(offset + 16_384, message.count - 1)]))
            #expect(deframer.reservedBytes <= size + 5 + 16_384)
        }
        #expect(try deframer.next() == nil)
        deframer.append([7])
        #expect(try deframer.next()?.bytes.count == size)
        #expect(deframer.reservedBytes == 0)
    }

    @Test func oversizedMessageIsRefusedFromItsPrefix() {
        var deframer = GRPCMessageDeframer(maxMessageSize: 10)
        deframer.append(Array(frame([UInt8](repeating: 0, count: 11)).prefix(5)))  // the prefix alone
        #expect(throws: GRPCMessageDeframer.Failure.tooLarge(length: 11, limit: 10)) { try deframer.next() }
    }

    @Test func invalidFlagIsRefused() {
        var deframer = GRPCMessageDeframer(maxMessageSize: 10)
        deframer.append([7, 0, 0, 0, 0])
        #expect(throws: GRPCMessageDeframer.Failure.invalidFlag(7)) { try deframer.next() }
    }

    @Test func truncatedMessageStaysBuffered() throws {
        var deframer = GRPCMessageDeframer(maxMessageSize: 10)
        deframer.append(Array(frame([1, 2, 3]).dropLast()))
        #expect(try deframer.next() == nil)
        #expect(deframer.bufferedBytes == 7)
    }

    static let valid: [(String, String)] = [
        (":method", "POST"), (":scheme", "http"), (":path", "/bench.Echo/Get"), (":authority", "x"),
        ("content-type", "application/grpc"), ("te", "trailers"), ("grpc-timeout", "100m"),
        ("x-trace-bin", "AAH+/w"), ("x-user", "an"), ("user-agent", "t"),
    ]

    @Test func validRequestGivesPathMetadataAndTimeout() throws {
        let request = try GRPCHeaders.parseRequest(Self.valid).get()
        #expect(request.path == "/bench.Echo/Get")
        #expect(request.timeout == .milliseconds(100))
        #expect(request.metadata.binaryValues("x-trace-bin") == [[0, 1, 254, 255]])
        #expect(request.metadata["x-user"] == "an")
        #expect(request.metadata["user-agent"] == nil)  // reserved, not application metadata
    }

    @Test(arguments: [
        (
            "content-type", "application/json",
            GRPCHeaders.Rejection.http(status: 415, message: "content-type must be application/grpc")
        ),
        (":method", "GET", .http(status: 405, message: "gRPC requires POST, not GET")),
        ("grpc-timeout", "soon", .grpc(RPCStatus(code: .invalidArgument, message: "malformed grpc-timeout 'soon'"))),
        (
            "grpc-encoding", "br",
            .grpc(
                RPCStatus(
                    code: .unimplemented, message: "message encoding 'br' is not supported (accepted: identity,gzip)"))
        ),
        (
            "x-trace-bin", "!!",
            .grpc(RPCStatus(code: .invalidArgument, message: "metadata 'x-trace-bin' is not valid base64"))
        ),
    ])
    func invalidRequestsAreRejectedWithTheSpecsAnswer(
        _ name: String, _ value: String, _ expected: GRPCHeaders.Rejection
    ) {
        let fields =
            Self.valid.map { $0.0 == name ? (name, value) : $0 }
            + (Self.valid.contains { $0.0 == name } ? [] : [(name, value)])
        #expect(GRPCHeaders.parseRequest(fields) == .failure(expected))
    }

    @Test func grpcPlusProtoContentTypeIsAccepted() throws {
        let fields = Self.valid.map { $0.0 == "content-type" ? ("content-type", "application/grpc+proto") : $0 }
        #expect(try GRPCHeaders.parseRequest(fields).get().path == "/bench.Echo/Get")
    }

    @Test func outgoingMetadataIsValidatedAndBinaryIsUnpaddedBase64() throws {
        var metadata: Metadata = ["x-ok": "plain text"]
        metadata.addBinary("x-data-bin", [0, 1, 254, 255])
        #expect(
            try GRPCHeaders.fields(metadata).get().map { "\($0.0)=\($0.1)" } == [
                "x-ok=plain text", "x-data-bin=AAH+/w",
            ])
        #expect(throws: RPCError.self) { try GRPCHeaders.fields(["x-bad": "xin chào"]).get() }
        #expect(throws: RPCError.self) { try GRPCHeaders.fields(["Bad Key": "v"]).get() }
        #expect(throws: RPCError.self) { try GRPCHeaders.fields(["grpc-status": "0"]).get() }
    }

    @Test func grpcMessagePercentEncodingRoundTrips() {
        let text = "Không tìm thấy — 100% 🇻🇳\n"
        let encoded = PercentEncoding.encode(text)
        #expect(encoded.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E })
        #expect(encoded.hasPrefix("Kh%C3%B4ng"))
        #expect(PercentEncoding.decode(encoded) == text)
        #expect(PercentEncoding.decode("50%") == "50%")  // malformed escapes are kept
        #expect(PercentEncoding.decode("%zz%4") == "%zz%4")
    }

    @Test func backoffGrowsToItsCapWithJitter() {
        var backoff = ConnectionBackoff(initial: .seconds(1), multiplier: 2, maximum: .seconds(5), jitter: 0.2)
        var random = SystemRandomNumberGenerator()
        var waits: [Duration] = []
        for _ in 0..<6 { waits.append(backoff.next(using: &random)) }
        let expectedBases: [Double] = [1, 2, 4, 5, 5, 5]
        for (wait, base) in zip(waits, expectedBases) {
            let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
            #expect(seconds >= base * 0.8 - 1e-9 && seconds <= base * 1.2 + 1e-9)
        }
        backoff.reset()
        #expect(backoff.current == .seconds(1))
    }
}
