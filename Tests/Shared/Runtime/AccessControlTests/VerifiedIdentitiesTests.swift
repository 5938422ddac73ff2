import CryptoPrimitives
import Foundation
import Testing

@testable import AccessControl

/// A token's signature is checked once while it is remembered, its times at every call, and what is
/// remembered stays bounded and holds only tokens that verified.
struct VerifiedIdentitiesTests {
    @Test func aTokenThatVerifiedIsNotCheckedAgainButItsTimesAre() throws {
        let issuer = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        let verifier = IdentityVerifier(keys: [issuer.publicKey])
        let token = try issuer.issue(for: "tran.thi.b").token
        for _ in 0..<5 { #expect(verifier.principal(forToken: token) == .success("tran.thi.b")) }
        #expect(verifier.verified.signatureChecks == 1)
        // Remembered, and still refused once its lifetime and the skew allowance are over.
        #expect(verifier.principal(forToken: token, now: Date().addingTimeInterval(300 + 61)) == .failure(.expired))
        // Or before it was issued, beyond the allowance.
        #expect(verifier.principal(forToken: token, now: Date().addingTimeInterval(-120)) == .failure(.unknown))
        #expect(verifier.verified.signatureChecks == 1)
    }

    @Test func aTokenThatDoesNotVerifyIsCheckedEachTimeAndNeverRemembered() throws {
        let issuer = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        let verifier = IdentityVerifier(keys: [issuer.publicKey])
        let good = try issuer.issue(for: "a").token
        // The last signature byte changed: the same key id, claims and length.
        var bytes = Array(good.utf8)
        bytes[bytes.count - 2] = bytes[bytes.count - 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let forged = String(decoding: bytes, as: UTF8.self)
        for _ in 0..<3 { #expect(verifier.principal(forToken: forged) == .failure(.unknown)) }
        #expect(verifier.verified.signatureChecks == 3)
        #expect(verifier.verified.count == 0)
        // The genuine token after them is checked once and found.
        #expect(verifier.principal(forToken: good) == .success("a"))
        #expect(verifier.principal(forToken: good) == .success("a"))
        #expect(verifier.verified.signatureChecks == 4)
    }

    @Test func rememberedTokensStayWithinTwoGenerationsAndTheOnesInUseStay() throws {
        let issuer = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        let verifier = IdentityVerifier(keys: [issuer.publicKey], remembering: 2)
        let tokens = try (0..<6).map { try issuer.issue(for: "officer\($0)").token }
        let inUse = tokens[0]
        for token in tokens {
            #expect(verifier.principal(forToken: token) != .failure(.unknown))
            #expect(verifier.principal(forToken: inUse) == .success("officer0"))
            #expect(verifier.verified.count <= 4)
        }
        // The token used between every other one was checked once; the others once each.
        #expect(verifier.verified.signatureChecks == 6)
        // The first others were let go and are checked again when they come back.
        #expect(verifier.principal(forToken: tokens[1]) == .success("officer1"))
        #expect(verifier.verified.signatureChecks == 7)
    }

    @Test func newTokensPastTheBudgetWaitWhileRememberedOnesGoOn() throws {
        let issuer = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        let start = Date()
        let verifier = IdentityVerifier(keys: [issuer.publicKey], remembering: 64, checksPerSecond: 2) { start }
        let officer = try issuer.issue(for: "officer", now: start).token
        #expect(verifier.principal(forToken: officer, now: start) == .success("officer"))
        // A forged token spends a check too: that is what the budget bounds.
        var forged = Array(try issuer.issue(for: "mallory", now: start).token.utf8)
        forged[forged.count - 2] = forged[forged.count - 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(verifier.principal(forToken: String(decoding: forged, as: UTF8.self), now: start) == .failure(.unknown))
        let newcomer = try issuer.issue(for: "newcomer", now: start).token
        #expect(verifier.principal(forToken: newcomer, now: start) == .failure(.busy))
        #expect(verifier.principal(forToken: officer, now: start) == .success("officer"))
        #expect(verifier.verified.signatureChecks == 2)
        // Half a second later one check has been earned back.
        let later = start.addingTimeInterval(0.5)
        #expect(verifier.principal(forToken: newcomer, now: later) == .success("newcomer"))
    }

    @Test func onlyTheBytesThatWereCheckedAreFoundNotTextEqualToThem() throws {
        // Swift compares text by canonical equivalence: the Kelvin sign (U+212A) equals "K". A token
        // with one in place of a "K" is other bytes, and must be checked, not found.
        let issuer = IdentityIssuer(key: try Ed25519PrivateKey.generate())
        let verifier = IdentityVerifier(keys: [issuer.publicKey])
        // After "dic2.", the key id and its dot (22 characters): the claims and the signature.
        var found: String?
        for _ in 0..<64 {
            let token = try issuer.issue(for: "a").token
            if token.dropFirst(22).contains("K") {
                found = token
                break
            }
        }
        let token = try #require(found, "64 tokens without a K")
        #expect(verifier.principal(forToken: token) == .success("a"))
        let kelvin =
            String(token.prefix(22)) + String(token.dropFirst(22)).replacingOccurrences(of: "K", with: "\u{212A}")
        #expect(kelvin == token)
        #expect(Array(kelvin.utf8) != Array(token.utf8))
        #expect(verifier.principal(forToken: kelvin) == .failure(.unknown))
    }
}
