import CommonAPI
import Foundation
import GRPCHealth
import Logging
import ProtoWire
import RPCCore
import ServiceStorage
import ServiceTesting
import Synchronization
import Testing

@testable import AccessControl

/// The access declared by every dic API the tests call.
let testServices = [
    AdminUnitsService.descriptor, IndicatorsService.descriptor, AccessService.descriptor, AuditService.descriptor,
    ServiceAdminService.descriptor,
]
let testPolicy = AccessPolicy(services: testServices)

/// A fresh service database with the access tables, for one test.
func withAccessStore<T: Sendable>(
    _ backend: TestBackend = .sqlite, bootstrapToken: String? = nil, _ body: @Sendable (AccessStore) async throws -> T
) async throws -> T {
    try await withTemporaryDatabase(backend, named: "units", migrations: AccessStore.migrations + AuditLog.migrations) {
        database in
        try await body(try await AccessStore.open(database: database, service: "units", bootstrapToken: bootstrapToken))
    }
}

/// Runs `method` through the interceptor as `metadata` and `peer` would call it: the principal the
/// handler saw, or the error the caller gets.
func call(
    _ interceptor: AuthInterceptor, _ method: ProtoMethodDescriptor, bearer: String? = nil,
    peer: PeerIdentity? = nil
) async -> Result<String?, RPCError> {
    var metadata = Metadata()
    if let bearer { metadata.add("authorization", bearer) }
    let context = ServerContext(
        method: method, metadata: metadata, peer: "test", deadline: nil, requestID: "r", peerIdentity: peer)
    let seen = Mutex<String?>(nil)
    do {
        try await interceptor.intercept(context: context) { context in seen.withLock { $0 = context.principal } }
        return .success(seen.withLock { $0 })
    } catch let error as RPCError {
        return .failure(error)
    } catch {
        return .failure(RPCError(.unknown, "\(error)"))
    }
}

struct AuthInterceptorTests {
    let read = AdminUnitsService.getAdminUnit
    let edit = AdminUnitsService.importAdminUnits
    let manage = AccessService.listTokens

    @Test func methodsCarryTheirDeclaredAccess() {
        #expect(MethodAccess(AdminUnitsService.getAdminUnit) == .reader)
        #expect(MethodAccess(AdminUnitsService.importAdminUnits) == .editor)
        #expect(MethodAccess(AccessService.createToken) == .admin)
        #expect(MethodAccess(AccessService.whoAmI) == .public)
        for service in testServices {
            for method in service.methods { #expect(MethodAccess(method) != nil, "\(method.path)") }
        }
    }

    @Test func theMatrixOfCredentialsAndRoles() async throws {
        try await withAccessStore { store in
            let auth = AuthInterceptor(store: store, service: "units", policy: testPolicy)
            let reader = try await store.createToken(principal: "reader", description: "", ttl: nil).token
            let editor = try await store.createToken(principal: "editor", description: "", ttl: nil).token
            let nobody = try await store.createToken(principal: "nobody", description: "", ttl: nil).token
            _ = try await store.changeRoles(principal: "reader", roles: ["units.reader"], grant: true, requestID: "1")
            _ = try await store.changeRoles(principal: "editor", roles: ["units.editor"], grant: true, requestID: "2")

            func code(_ method: ProtoMethodDescriptor, _ token: String?) async -> StatusCode {
                switch await call(auth, method, bearer: token.map { "Bearer \($0)" }) {
                case .success: .ok
                case .failure(let error): error.code
                }
            }
            // No credentials, a forged token, a token without the role, and the right role.
            #expect(await code(read, nil) == .unauthenticated)
            #expect(await code(read, "dic_000000000000_forged") == .unauthenticated)
            #expect(await code(read, nobody) == .permissionDenied)
            #expect(await code(read, reader) == .ok)
            #expect(await code(edit, reader) == .permissionDenied)
            #expect(await code(edit, editor) == .ok)
            #expect(await code(read, editor) == .ok)  // editor implies reader
            #expect(await code(manage, editor) == .permissionDenied)
            #expect(await code(AccessService.whoAmI, nil) == .ok)  // public
            // Health and reflection stay open for probes.
            #expect(await code(HealthService.check, nil) == .ok)
            // The principal reaches the handler.
            let principal = try await call(auth, read, bearer: "Bearer \(reader)").get()
            #expect(principal == "reader")
        }
    }

    @Test func aCallsCheckAgreesWithThePrincipalsRolesForEveryGrant() async throws {
        let bootstrap = "first-setup-0123456789"
        try await withAccessStore(bootstrapToken: bootstrap) { store in
            let auth = AuthInterceptor(store: store, service: "units", policy: testPolicy)
            var tokens: [String: String] = [AccessStore.bootstrapPrincipal: bootstrap]
            for (index, level) in ["reader", "editor", "admin", "none"].enumerated() {
                tokens[level] = try await store.createToken(principal: level, description: "", ttl: nil).token
                if level != "none" {
                    _ = try await store.changeRoles(
                        principal: level, roles: ["units.\(level)"], grant: true, requestID: "g\(index)")
                }
            }
            for (principal, token) in tokens {
                let held = store.roles(of: principal)
                for (method, role) in [(read, "units.reader"), (edit, "units.editor"), (manage, "units.admin")] {
                    let admitted = (try? await call(auth, method, bearer: "Bearer \(token)").get()) != nil
                    #expect(admitted == held.contains(role), "\(principal) calling for \(role)")
                }
            }
            // An admin is every role below it: checked against what the grants imply.
            #expect(store.roles(of: "admin") == ["units.admin", "units.editor", "units.reader"])
            #expect(!store.holds("none", .reader))
            #expect(store.holds(AccessStore.bootstrapPrincipal, .reader))
        }
    }

    /// Every method of every dic service, against each kind of caller. A new service's descriptor
    /// belongs in `services` here; the Python contract test already refuses undeclared methods.
    @Test func everyMethodAgainstEveryKindOfCaller() async throws {
        let services = testServices
        try await withAccessStore { store in
            let auth = AuthInterceptor(store: store, service: "units", policy: testPolicy)
            var tokens: [String: String] = [:]
            for role in ["reader", "editor", "admin"] {
                tokens[role] = try await store.createToken(principal: role, description: "", ttl: nil).token
                _ = try await store.changeRoles(principal: role, roles: ["units.\(role)"], grant: true, requestID: role)
            }
            // Made two seconds ago to last one: expired now, without waiting for it to be.
            let expired = try await store.createToken(
                principal: "admin", description: "", ttl: .seconds(1), now: Date(timeIntervalSinceNow: -2))
            let revoked = try await store.createToken(principal: "admin", description: "", ttl: nil)
            _ = try await store.revokeToken(id: try #require(revoked.info).id, requestID: "revoke")
            let below: [MethodAccess: String?] = [.reader: nil, .editor: "reader", .admin: "editor"]
            var checked = 0
            for method in services.flatMap(\.methods) {
                let access = try #require(MethodAccess(method), "\(method.path)")
                func code(_ bearer: String?) async -> StatusCode {
                    switch await call(auth, method, bearer: bearer.map { "Bearer \($0)" }) {
                    case .success: .ok
                    case .failure(let error): error.code
                    }
                }
                if access == .public {
                    #expect(await code(nil) == .ok, "\(method.path)")
                    continue
                }
                let right = try #require(tokens[access.rawValue])
                #expect(await code(nil) == .unauthenticated, "\(method.path) without a token")
                #expect(await code(expired.token) == .unauthenticated, "\(method.path) expired")
                #expect(await code(revoked.token) == .unauthenticated, "\(method.path) revoked")
                let wrong = try await store.createToken(principal: "nobody", description: "", ttl: nil).token
                #expect(
                    await code(below[access].flatMap { $0 }.flatMap { tokens[$0] } ?? wrong) == .permissionDenied,
                    "\(method.path) with the role below \(access)")
                #expect(await code(right) == .ok, "\(method.path) with \(access)")
                checked += 1
            }
            #expect(checked == services.flatMap(\.methods).count - 2)  // all but WhoAmI and IssueIdentity
        }
    }

    @Test func aMethodThePolicyDoesNotKnowIsClosed() async throws {
        try await withAccessStore(bootstrapToken: "first-setup-0123456789") { store in
            let narrow = AuthInterceptor(
                store: store, service: "units", policy: AccessPolicy(services: [AccessService.descriptor]))
            guard case .failure(let error) = await call(narrow, read, bearer: "Bearer first-setup-0123456789") else {
                Issue.record("a method outside the policy was let through")
                return
            }
            #expect(error.code == .permissionDenied && error.message.contains("declares no access"))
        }
    }

    @Test func malformedExpiredAndRevokedTokensAreRefusedByName() async throws {
        try await withAccessStore { store in
            let auth = AuthInterceptor(store: store, service: "units", policy: testPolicy)
            let token = try await store.createToken(principal: "a", description: "", ttl: .seconds(60))
            _ = try await store.changeRoles(principal: "a", roles: ["units.reader"], grant: true, requestID: "g")
            #expect(store.principal(forToken: token.token) == .success("a"))
            #expect(store.principal(forToken: token.token, now: Date().addingTimeInterval(61)) == .failure(.expired))

            guard case .failure(let basic) = await call(auth, read, bearer: "Basic dXNlcjpwYXNz") else {
                Issue.record("Basic auth was accepted")
                return
            }
            #expect(basic.code == .unauthenticated && basic.message.contains("Bearer"))

            _ = try await store.revokeToken(id: try #require(token.info).id, requestID: "r")
            guard case .failure(let revoked) = await call(auth, read, bearer: "Bearer \(token.token)") else {
                Issue.record("a revoked token was accepted")
                return
            }
            #expect(revoked.code == .unauthenticated && revoked.message.contains("revoked"))
            #expect(!revoked.message.contains(token.token))
        }
    }

    @Test func bootstrapTokenIsAnAdminOnlyOfItsOwnService() async throws {
        let bootstrap = "first-setup-0123456789"
        try await withAccessStore(bootstrapToken: bootstrap) { store in
            let auth = AuthInterceptor(store: store, service: "units", policy: testPolicy)
            let principal = try await call(auth, manage, bearer: "Bearer \(bootstrap)").get()
            #expect(principal == AccessStore.bootstrapPrincipal)
            #expect(store.roles(of: AccessStore.bootstrapPrincipal) == ["units.admin", "units.editor", "units.reader"])
            #expect(store.principal(forToken: bootstrap + "x") == .failure(.unknown))
        }
        try await withAccessStore { store in  // unset: the same string is nothing
            #expect(store.principal(forToken: bootstrap) == .failure(.unknown))
            #expect(store.roles(of: AccessStore.bootstrapPrincipal).isEmpty)
        }
    }

    @Test func clientCertificateNamesThePrincipal() async throws {
        try await withAccessStore { store in
            let auth = AuthInterceptor(store: store, service: "units", policy: testPolicy)
            let peer = PeerIdentity(
                subject: "/CN=dic-aggregator", commonName: "dic-aggregator", dnsNames: [], ipAddresses: [], uris: [])
            guard case .failure(let denied) = await call(auth, read, peer: peer) else {
                Issue.record("a certificate without a grant was accepted")
                return
            }
            #expect(denied.code == .permissionDenied && denied.message.contains("cert:dic-aggregator"))
            _ = try await store.changeRoles(
                principal: "cert:dic-aggregator", roles: ["units.reader"], grant: true, requestID: "g")
            let principal = try await call(auth, read, peer: peer).get()
            #expect(principal == "cert:dic-aggregator")
        }
    }

    @Test func onlyThisServicesRolesCanBeGranted() async throws {
        try await withAccessStore { store in
            for role in ["units.owner", "licensing.admin", "admin", ""] {
                await #expect(throws: RPCError.self) {
                    try await store.changeRoles(principal: "a", roles: [role], grant: true, requestID: role)
                }
            }
            await #expect(throws: RPCError.self) {
                try await store.createToken(principal: "has space", description: "", ttl: nil)
            }
            #expect(store.allRoles().isEmpty)  // nothing half-written
        }
    }
}

struct AccessStoreReplicaTests {
    /// Two replicas on one database: a revocation made on one reaches the other at its next reload;
    /// roles granted twice are granted once. On SQLite and on PostgreSQL.
    @Test(arguments: TestBackend.allCases)
    func revocationReachesAnotherReplicaOnReload(_ backend: TestBackend) async throws {
        try await withAccessStore(backend) { first in
            let second = try await AccessStore.open(database: first.database, service: "units", bootstrapToken: nil)
            let token = try await first.createToken(principal: "a", description: "", ttl: nil)
            try await second.reload()
            #expect(second.principal(forToken: token.token) == .success("a"))
            _ = try await first.revokeToken(id: try #require(token.info).id, requestID: "r")
            #expect(second.principal(forToken: token.token) == .success("a"))  // stale until it reloads
            try await second.reload()
            #expect(second.principal(forToken: token.token) == .failure(.revoked))
            _ = try await first.changeRoles(principal: "a", roles: ["units.reader"], grant: true, requestID: "g1")
            let again = try await second.changeRoles(
                principal: "a", roles: ["units.reader", "units.editor"], grant: true, requestID: "g2")
            #expect(again.roles == ["units.editor", "units.reader"])
        }
    }
}
