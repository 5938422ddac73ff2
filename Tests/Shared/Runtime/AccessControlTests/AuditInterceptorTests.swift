import CommonAPI
import Logging
import ProtoWire
import RPCCore
import ServiceStorage
import Synchronization
import Testing

@testable import AccessControl

/// Runs `handler` as a call of `method` by the bootstrap principal, through the authentication and
/// audit interceptors a service puts before its handlers.
func runAudited(
    _ store: AccessStore, bootstrap: String, _ method: ProtoMethodDescriptor,
    _ handler: @escaping @Sendable (ServerContext) async throws -> Void
) async throws {
    let auth = AuthInterceptor(store: store, service: "units", policy: testPolicy)
    let audit = AuditInterceptor(database: store.database, logger: Logger(label: "test"), policy: testPolicy)
    var metadata = Metadata()
    metadata.add("authorization", "Bearer \(bootstrap)")
    let context = ServerContext(method: method, metadata: metadata, peer: "test", deadline: nil, requestID: "call-7")
    try await auth.intercept(context: context) { context in
        try await audit.intercept(context: context, next: handler)
    }
}

struct AuditInterceptorTests {
    @Test func changesAreRecordedWithTheCallerAndFailuresWithTheirStatus() async throws {
        let bootstrap = "first-setup-0123456789"
        try await withAccessStore(bootstrapToken: bootstrap) { store in
            func run(
                _ method: ProtoMethodDescriptor, _ handler: @escaping @Sendable (ServerContext) async throws -> Void
            ) async throws {
                try await runAudited(store, bootstrap: bootstrap, method, handler)
            }
            let created = try await store.createToken(principal: "outside", description: "", ttl: nil)  // no call
            let made = Mutex("")
            try await run(AccessService.createToken) { _ in
                let id = try await store.createToken(principal: "nguyen.van.a", description: "", ttl: nil).info?.id
                made.withLock { $0 = id ?? "" }
            }
            let id = made.withLock { $0 }
            await #expect(throws: RPCError.self) {
                try await run(AccessService.grantRoles) { _ in
                    _ = try await store.changeRoles(principal: "a", roles: ["units.owner"], grant: true, requestID: "g")
                }
            }
            await #expect(throws: RPCError.self) {  // a read that fails is not a change
                try await run(AdminUnitsService.getAdminUnit) { _ in throw RPCError(.notFound, "code: no unit") }
            }
            let records = try await store.database.listAudit(Database.AuditQuery())
            #expect(records.map(\.entity) == ["token:\(id)", ""])
            #expect(!records.contains { $0.entity == "token:\(created.info?.id ?? "")" })
            #expect(records.allSatisfy { $0.principal == AccessStore.bootstrapPrincipal && $0.requestID == "call-7" })
            #expect(records.map(\.method) == [AccessService.createToken.path, AccessService.grantRoles.path])
            #expect(records.last?.outcome.hasPrefix("INVALID_ARGUMENT: roles:") == true)
            #expect(try await store.database.verifyAudit().firstBad == nil)
        }
    }
}
