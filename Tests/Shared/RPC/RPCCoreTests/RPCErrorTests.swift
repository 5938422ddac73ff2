import ProtoWire
import RPCCore
import Testing

struct RPCErrorTests {
    struct LicenceNotFound: RPCErrorConvertible {
        let number: String
        var rpcError: RPCError { RPCError(.notFound, "no licence numbered \(number)") }
    }

    struct DatabaseExploded: Error {}

    @Test func domainErrorsChooseTheirStatus() {
        #expect(
            RPCError(converting: LicenceNotFound(number: "12/GP")) == RPCError(.notFound, "no licence numbered 12/GP"))
    }

    @Test func otherErrorsAreInternalWithoutDetails() {
        let error = RPCError(converting: DatabaseExploded())
        #expect(error.code == .internal)
        #expect(!error.message.contains("Database"))
    }

    @Test func cancellationIsCancelled() {
        #expect(RPCError(converting: CancellationError()).code == .cancelled)
    }

    @Test func decodingErrorsAreInvalidArgumentNamingTheField() {
        let error = RPCError(converting: ProtoDecodingError(.invalidUTF8, fieldPath: ["holder", "name"]))
        #expect(error.code == .invalidArgument)
        #expect(error.message == "request does not decode: holder.name: string is not valid UTF-8")
    }

    @Test func statusCodesHaveTheirCanonicalNames() {
        #expect(StatusCode.ok.description == "OK")
        #expect(StatusCode.deadlineExceeded.description == "DEADLINE_EXCEEDED")
        #expect(StatusCode.unauthenticated.description == "UNAUTHENTICATED")
        #expect(StatusCode(rawValue: 42).description == "CODE_42")
    }

    @Test func metadataKeysAreLowercaseAndValuesTyped() {
        var metadata: Metadata = ["X-Request-ID": "abc"]
        metadata.addBinary("Trace-Bin", [1, 2])
        #expect(metadata["x-request-id"] == "abc")
        #expect(metadata.binaryValues("trace-bin") == [[1, 2]])
        #expect(metadata.entries.map(\.key) == ["x-request-id", "trace-bin"])
        #expect(Metadata.isReserved("grpc-timeout"))
        #expect(Metadata.isReserved(":path"))
        #expect(!Metadata.isReserved("authorization"))
        #expect(!Metadata.isReserved("grpc-status-details-bin"))
    }
}
