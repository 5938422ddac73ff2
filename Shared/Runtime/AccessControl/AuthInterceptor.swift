import ProtoWire
import RPCCore

/// The one place access is enforced, for every method of every service: who is calling (a bearer
/// token, or a verified client certificate under mutual TLS), and whether they hold the role the
/// method declares in its `.proto`. No credentials is UNAUTHENTICATED; credentials without the
/// role is PERMISSION_DENIED. The standard gRPC services (health, reflection) stay open. Tokens
/// never appear in errors or logs.
public struct AuthInterceptor: ServerInterceptor, ServerCallAdmission {
    let store: AccessStore
    let service: String
    let policy: AccessPolicy
    /// The deployment issuer's keys (DIC_IDENTITY_KEYS); nil accepts no identity tokens.
    let identities: IdentityVerifier?

    public init(store: AccessStore, service: String, policy: AccessPolicy, identities: IdentityVerifier? = nil) {
        self.store = store
        self.service = service
        self.policy = policy
        self.identities = identities
    }

    /// The router decides on the headers (``admit(method:head:)``) and leaves this out of the
    /// chain; ``intercept(context:next:)`` is for a caller that runs interceptors itself.
    public var wrapsAdmittedCalls: Bool { false }

    public func intercept(
        context: ServerContext, next: @Sendable (ServerContext) async throws -> Void
    ) async throws {
        // The router ran ``admit(method:head:)`` on the headers already (the usual path).
        guard !context.isAdmitted else {
            try await next(context)
            return
        }
        var context = context
        context.principal = try decide(context.method, metadata: context.metadata, peer: context.peerIdentity).get()
        try await next(context)
    }

    /// The same decision on headers alone, before any request byte is buffered.
    public func admit(method: ProtoMethodDescriptor, head: ServerCallHead) -> Result<String?, RPCError> {
        decide(method, metadata: head.metadata, peer: head.peerIdentity)
    }

    func decide(_ method: ProtoMethodDescriptor, metadata: Metadata, peer: PeerIdentity?) -> Result<String?, RPCError> {
        if method.service.hasPrefix("grpc.") {  // health and reflection: probes and tools need no token
            return .success(nil)
        }
        guard let access = policy.access(of: method) else {
            // A test keeps this from happening; refusing is the safe answer if it ever does.
            return .failure(RPCError(.permissionDenied, "\(method.path) declares no access and is closed"))
        }
        let principal: String?
        do {
            principal = try authenticate(metadata: metadata, peer: peer)
        } catch {
            return .failure(error)
        }
        if access != .public {
            guard let principal else {
                return .failure(
                    RPCError(.unauthenticated, "credentials required: send 'authorization: Bearer <token>'"))
            }
            guard store.holds(principal, access) else {
                let role = "\(service).\(access.rawValue)"
                return .failure(
                    RPCError(.permissionDenied, "'\(principal)' does not hold \(role), which \(method.name) needs"))
            }
        }
        return .success(principal)
    }

    /// The caller, or nil when no credentials came at all; bad credentials are an error.
    func authenticate(metadata: Metadata, peer: PeerIdentity?) throws(RPCError) -> String? {
        if let header = metadata["authorization"] {
            guard header.hasPrefix("Bearer "), header.count > 7 else {
                throw RPCError(.unauthenticated, "authorization: expected 'Bearer <token>'")
            }
            let token = String(header.dropFirst(7))
            let result: Result<String, AccessStore.Rejection>
            if token.hasPrefix(IdentityTokenFormat.prefix) {
                // A signed identity: the issuer's signature stands for who, this store for what.
                guard let identities else {
                    throw RPCError(
                        .unauthenticated, "identity tokens are not accepted here (DIC_IDENTITY_KEYS is unset)")
                }
                result = identities.principal(forToken: token)
            } else {
                result = store.principal(forToken: token)
            }
            switch result {
            case .success(let principal): return principal
            case .failure(.expired): throw RPCError(.unauthenticated, "the token has expired")
            case .failure(.revoked): throw RPCError(.unauthenticated, "the token has been revoked")
            case .failure(.unknown): throw RPCError(.unauthenticated, "the token is not valid")
            case .failure(.busy):
                throw RPCError(.unavailable, "too many new identity tokens to check at once: retry shortly")
            }
        }
        if let commonName = peer?.commonName {
            return "cert:\(commonName)"  // roles are granted to this name like to any principal
        }
        return nil
    }
}
