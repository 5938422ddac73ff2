import RPCCore
import Testing

@testable import HTTP2Transport

/// What the client makes of the header blocks a server (or a proxy in front of it) may send.
struct GRPCHeadersResponseTests {
    @Test func aGRPCResponseGoesOnWithItsEncodingAndMetadata() {
        let head = GRPCHeaders.parseResponseHead([
            (":status", "200"), ("content-type", "application/grpc+proto"), ("grpc-encoding", "gzip"),
            ("x-request-id", "r1"), ("trace-bin", "AAEC"),
        ])
        var expected = Metadata()
        expected.add("x-request-id", "r1")
        expected.add("trace-bin", .binary([0, 1, 2]))
        #expect(head == .accepted(encoding: "gzip", metadata: expected))
    }

    @Test(arguments: [
        ("404", StatusCode.unimplemented), ("401", .unauthenticated), ("403", .permissionDenied), ("400", .internal),
        ("429", .unavailable), ("502", .unavailable), ("503", .unavailable), ("504", .unavailable), ("500", .unknown),
        ("", .unknown),
    ])
    func anHTTPErrorBecomesTheStatusTheSpecMapsItTo(status: String, code: StatusCode) {
        let fields =
            status.isEmpty ? [("content-type", "text/html")] : [(":status", status), ("content-type", "text/html")]
        guard case .rejected(let rejected) = GRPCHeaders.parseResponseHead(fields) else {
            Issue.record("accepted an HTTP \(status)")
            return
        }
        #expect(rejected.code == code)
        #expect(rejected.message == "HTTP status \(status.isEmpty ? "missing" : status)")
    }

    @Test func aPageThatIsNotGRPCIsRefusedByItsContentType() {
        let head = GRPCHeaders.parseResponseHead([(":status", "200"), ("content-type", "text/html; charset=utf-8")])
        #expect(
            head == .rejected(RPCStatus(code: .unknown, message: "the response is not gRPC (text/html; charset=utf-8)"))
        )
    }

    @Test func theStatusAndItsPercentEncodedMessageComeFromTheTrailers() {
        let (status, trailers) = GRPCHeaders.parseStatus([
            ("grpc-status", "5"), ("grpc-message", "kh%C3%B4ng t%C3%ACm th%E1%BA%A5y 100%25"), ("x-detail", "d"),
        ])
        #expect(status == RPCStatus(code: .notFound, message: "không tìm thấy 100%"))
        #expect(trailers == ["x-detail": "d"])
    }

    @Test(arguments: [[(String, String)](), [("grpc-status", "")], [("grpc-status", "99999999999999999999999")]])
    func trailersWithoutAReadableStatusAreTheServersFailure(fields: [(String, String)]) {
        #expect(
            GRPCHeaders.parseStatus(fields).0 == RPCStatus(code: .internal, message: "the server sent no grpc-status"))
    }
}
