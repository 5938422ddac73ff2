import Foundation
import RPCCore

/// A personal token exchanged at the deployment's identity issuer for short-lived identity tokens
/// that every service accepts (docs/security.md): the bearer for calls to any service. Renewed a
/// minute before it expires; concurrent calls share one renewal. The personal token goes only to
/// the issuer.
public actor IdentityCredential: BearerSource {
    let issuer: any ClientTransport
    let personalToken: String
    let timeout: Duration
    private var current: (token: String, renewAt: ContinuousClock.Instant)?
    private var renewal: Task<IdentityToken, any Error>?

    public init(issuer: any ClientTransport, personalToken: String, timeout: Duration = .seconds(10)) {
        self.issuer = issuer
        self.personalToken = personalToken
        self.timeout = timeout
    }

    public func bearer() async throws -> String {
        if let current, ContinuousClock.now < current.renewAt { return current.token }
        let task: Task<IdentityToken, any Error>
        if let renewal {
            task = renewal
        } else {
            let client = AccessService.Client(
                RPCClient(transport: issuer, interceptors: [BearerToken(token: personalToken)]))
            let options = CallOptions(timeout: timeout)
            task = Task { try await client.issueIdentity(IssueIdentityRequest(), options: options) }
            renewal = task
        }
        defer { renewal = nil }
        let identity: IdentityToken
        do {
            identity = try await task.value
        } catch let error as RPCError {
            current = nil
            // Said as the issuer's answer, so a refusal is not mistaken for the called service's.
            throw RPCError(error.code, "identity issuer: \(error.message)")
        }
        // Renew a minute early, or halfway through a short life; measured on this host's clock.
        let remaining = Double(identity.expiresAt?.seconds ?? 0) - Foundation.Date().timeIntervalSince1970
        let margin = min(60, max(remaining / 2, 0))
        current = (
            identity.token, ContinuousClock.now + Duration.milliseconds(Int64(max(remaining - margin, 0) * 1000))
        )
        return identity.token
    }
}
