import CommonAPI
import Logging
import ProtoWire
import RPCCore
import ServiceStorage
import Testing

@testable import AccessControl

/// Refused attempts at changes were not on the audit trail: authentication refuses them on their
/// headers, before the audit interceptor runs.
struct AuditRefusalRecorderTests {
    @Test func refusedChangesAreAuditedGroupedWithTheCallerWhenKnown() async throws {
        try await withAccessStore(bootstrapToken: "first-setup-0123456789") { store in
            let auth = AuthInterceptor(store: store, service: "units", policy: testPolicy)
            let recorder = AuditRefusalRecorder(
                database: store.database, policy: testPolicy, logger: Logger(label: "test"), authentication: auth,
                interval: .seconds(3600))
            var router = RPCRouter(interceptors: [auth, recorder])
            router.add(AccessProvider(store: store))
            let grant = try #require(router[AccessService.grantRoles.path])
            let plain = try await store.createToken(principal: "nguyen.van.b", description: "", ttl: nil).token

            for _ in 0..<3 {
                var anonymous = ServerCallHead(path: grant.descriptor.path, metadata: [:], peer: "test", deadline: nil)
                #expect(router.admit(grant, head: &anonymous)?.code == .unauthenticated)
            }
            var metadata = Metadata()
            metadata.add("authorization", "Bearer \(plain)")
            var signed = ServerCallHead(path: grant.descriptor.path, metadata: metadata, peer: "test", deadline: nil)
            #expect(router.admit(grant, head: &signed)?.code == .permissionDenied)
            // A refused read is not a change: not recorded.
            recorder.refused(
                method: IndicatorsService.computeIndicators, head: signed, principal: nil,
                error: RPCError(.unauthenticated, "credentials required"))

            await recorder.flush()
            let records = try await store.database.listAudit(Database.AuditQuery())
                .filter { $0.method == AccessService.grantRoles.path }
            #expect(records.count == 2)
            #expect(records.first?.principal == "anonymous")
            #expect(records.first?.outcome.hasPrefix("UNAUTHENTICATED") == true)
            #expect(records.first?.outcome.hasSuffix("(3 times)") == true)
            #expect(records.last?.principal == "nguyen.van.b")
            #expect(records.last?.outcome.hasPrefix("PERMISSION_DENIED") == true)
            #expect(
                try await store.database.listAudit(Database.AuditQuery()).allSatisfy {
                    !$0.method.contains("Indicators")
                })
            #expect(try await store.database.verifyAudit().firstBad == nil)
        }
    }

    @Test func aFloodOfDifferentRefusalsIsBoundedPerInterval() async throws {
        try await withAccessStore { store in
            let recorder = AuditRefusalRecorder(
                database: store.database, policy: testPolicy, logger: Logger(label: "test"), authentication: nil,
                interval: .seconds(3600), maxGroups: 2)
            let head = ServerCallHead(path: "", metadata: [:], peer: "test", deadline: nil)
            for method in [AccessService.createToken, AccessService.revokeToken, AccessService.grantRoles] {
                for index in 0..<50 {
                    recorder.refused(
                        method: method, head: head, principal: "p\(index % 2)",
                        error: RPCError(.permissionDenied, "no"))
                }
            }
            await recorder.flush()
            let records = try await store.database.listAudit(Database.AuditQuery())
            #expect(records.count == 3)
            // Two groups (createToken by p0 and by p1, 25 each), then the other 100 summed up.
            #expect(records.prefix(2).allSatisfy { $0.outcome.hasSuffix("(25 times)") })
            #expect(records.last?.outcome.contains("100 more refused calls") == true)
        }
    }
}
