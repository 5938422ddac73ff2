import CommonAPI
import CryptoPrimitives
import Foundation
import ProtoWire
import RPCCore
import Testing

@testable import AccessControl

/// Deployment-wide identities: a token the issuer signs is accepted by any service holding the
/// issuer's public key, with the roles that service granted; nothing else signed like it is.
struct IdentityTests {
    let read = AdminUnitsService.getAdminUnit

    func code(_ auth: AuthInterceptor, _ token: String) async -> StatusCode {
        switch await call(auth, read, bearer: "Bearer \(token)") {
        case .success: .ok
        case .failure(let error): error.code
        }
    }

    @Test func anIssuedIdentityCarriesThePersonToAnotherServiceWithThatServicesRoles() async throws {
        let issuer = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        let token = try issuer.issue(for: "nguyen.van.a")
        #expect(token.token.hasPrefix("dic2.\(issuer.publicKey.id)."))
        #expect(token.principal == "nguyen.van.a")
        let expires = try #require(token.expiresAt).seconds
        #expect(abs(expires - Int64(Date().timeIntervalSince1970) - 300) <= 2)
        try await withAccessStore { store in
            let auth = AuthInterceptor(
                store: store, service: "units", policy: testPolicy,
                identities: IdentityVerifier(keys: [issuer.publicKey]))
            // Known, but this service granted nothing yet: denied, not unauthenticated.
            #expect(await code(auth, token.token) == .permissionDenied)
            _ = try await store.changeRoles(
                principal: "nguyen.van.a", roles: ["units.reader"], grant: true, requestID: "g")
            #expect(try await call(auth, read, bearer: "Bearer \(token.token)").get() == "nguyen.van.a")
        }
    }

    @Test func forgedAlteredExpiredAndForeignTokensAreRefused() async throws {
        let issuer = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        let stranger = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        let verifier = IdentityVerifier(keys: [issuer.publicKey])
        let good = try issuer.issue(for: "a").token
        #expect(verifier.principal(forToken: good) == .success("a"))

        // Signed by a key this deployment does not list.
        #expect(verifier.principal(forToken: try stranger.issue(for: "a").token) == .failure(.unknown))
        // The stranger's signature under our key id.
        let foreign = try stranger.issue(for: "a").token.split(separator: ".")
        let relabelled = ["dic2", issuer.publicKey.id, String(foreign[2]), String(foreign[3])].joined(separator: ".")
        #expect(verifier.principal(forToken: relabelled) == .failure(.unknown))
        // Claims altered to another principal, the signature kept.
        let parts = good.split(separator: ".").map(String.init)
        var claims = try IdentityClaims(serializedBytes: try #require(Base64URL.decode(parts[2])))
        claims.principal = "admin"
        let altered = [parts[0], parts[1], Base64URL.encode(claims.serializedBytes()), parts[3]].joined(separator: ".")
        #expect(verifier.principal(forToken: altered) == .failure(.unknown))
        // Truncated, padded, oversized, empty pieces.
        #expect(verifier.principal(forToken: String(good.dropLast(2))) == .failure(.unknown))
        #expect(verifier.principal(forToken: good + "=") == .failure(.unknown))
        #expect(verifier.principal(forToken: good + "." + String(repeating: "A", count: 2000)) == .failure(.unknown))
        #expect(verifier.principal(forToken: "dic2....") == .failure(.unknown))
        // Expired: after its lifetime plus the allowance for clock skew, and not before.
        #expect(verifier.principal(forToken: good, now: Date().addingTimeInterval(300 + 30)) == .success("a"))
        #expect(verifier.principal(forToken: good, now: Date().addingTimeInterval(300 + 61)) == .failure(.expired))
        // Issued in the future beyond the allowance: not ours to believe.
        #expect(verifier.principal(forToken: good, now: Date().addingTimeInterval(-120)) == .failure(.unknown))
    }

    @Test func aNewIdentityPastTheCheckBudgetIsUnavailableNotUnauthenticated() async throws {
        let issuer = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        // The verifier's clock stands still: the second check waits for a second that never comes.
        let now = Foundation.Date()
        try await withAccessStore { store in
            let auth = AuthInterceptor(
                store: store, service: "units", policy: testPolicy,
                identities: IdentityVerifier(
                    keys: [issuer.publicKey], remembering: 8, checksPerSecond: 1, clock: { now }))
            _ = try await store.changeRoles(principal: "a", roles: ["units.reader"], grant: true, requestID: "g")
            let first = try issuer.issue(for: "a").token
            #expect(try await call(auth, read, bearer: "Bearer \(first)").get() == "a")
            guard
                case .failure(let error) = await call(auth, read, bearer: "Bearer \(try issuer.issue(for: "a").token)")
            else {
                Issue.record("a second new token was checked within a budget of one a second")
                return
            }
            #expect(error.code == .unavailable && error.message.contains("retry"))
            #expect(try await call(auth, read, bearer: "Bearer \(first)").get() == "a")
        }
    }

    @Test func aKeyListWithTheNewAndTheOldKeyAcceptsBothDuringRotation() throws {
        let old = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        let new = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        let file = old.publicKey.pem + new.publicKey.pem
        let verifier = IdentityVerifier(keys: try Ed25519PublicKey.all(pem: Array(file.utf8)))
        #expect(verifier.principal(forToken: try old.issue(for: "a").token) == .success("a"))
        #expect(verifier.principal(forToken: try new.issue(for: "b").token) == .success("b"))
    }

    @Test func noIdentityNamesTheBootstrapAdminOrACertificate() throws {
        let issuer = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        #expect(throws: IdentityIssuer.IdentityRefusal.self) { try issuer.issue(for: AccessStore.bootstrapPrincipal) }
        #expect(throws: IdentityIssuer.IdentityRefusal.self) { try issuer.issue(for: "cert:dic-aggregator") }
        #expect(throws: IdentityIssuer.IdentityRefusal.self) { try issuer.issue(for: "") }
    }

    @Test func aServiceWithoutKeysRefusesIdentitiesAndSaysWhy() async throws {
        let issuer = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        try await withAccessStore { store in
            let auth = AuthInterceptor(store: store, service: "units", policy: testPolicy)
            guard
                case .failure(let error) = await call(auth, read, bearer: "Bearer \(try issuer.issue(for: "a").token)")
            else {
                Issue.record("an identity token was accepted without keys")
                return
            }
            #expect(error.code == .unauthenticated && error.message.contains("DIC_IDENTITY_KEYS"))
        }
    }

    @Test func onlyAPersonalTokenIsExchangedForAnIdentity() async throws {
        let issuer = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        try await withAccessStore { store in
            let auth = AuthInterceptor(
                store: store, service: "units", policy: testPolicy,
                identities: IdentityVerifier(keys: [issuer.publicKey]))
            let provider = AccessProvider(store: store, issuer: issuer)
            let personal = try await store.createToken(principal: "b", description: "", ttl: nil)

            func exchange(_ bearer: String, provider: AccessProvider) async throws -> IdentityToken {
                var metadata = Metadata()
                metadata.add("authorization", "Bearer \(bearer)")
                var context = ServerContext(
                    method: AccessService.issueIdentity, metadata: metadata, peer: "test", deadline: nil,
                    requestID: "r", peerIdentity: nil)
                context.principal = try await call(auth, AccessService.issueIdentity, bearer: "Bearer \(bearer)").get()
                return try await provider.issueIdentity(IssueIdentityRequest(), context: context)
            }
            let identity = try await exchange(personal.token, provider: provider)
            #expect(identity.principal == "b")
            // An identity token cannot renew itself past its personal token's revocation.
            await #expect(throws: RPCError.self) { try await exchange(identity.token, provider: provider) }
            // A service that is not the issuer says so.
            let plain = AccessProvider(store: store)
            let refusal = await #expect(throws: RPCError.self) { try await exchange(personal.token, provider: plain) }
            #expect(refusal?.code == .failedPrecondition)
            // Revoked: no more identities.
            _ = try await store.revokeToken(id: try #require(personal.info).id, requestID: "rv")
            await #expect(throws: RPCError.self) { try await exchange(personal.token, provider: provider) }
        }
    }
}
