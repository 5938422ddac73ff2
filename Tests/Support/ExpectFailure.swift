import RPCCore
import Testing

/// Expects `call` to fail with `code` and a message starting with `field:`: how every DIC API
/// names what it refused.
public func expectFailure(
    _ code: StatusCode, _ field: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ call: () async throws -> Void
) async {
    do {
        try await call()
        Issue.record("expected \(code) naming \(field)", sourceLocation: sourceLocation)
    } catch let error as RPCError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.hasPrefix(field + ":"), "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected an RPCError, got \(error)", sourceLocation: sourceLocation)
    }
}
