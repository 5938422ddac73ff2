import CommonAPI
import RPCCore

/// `dic.common.v1.Access`, hosted by every service.
public struct AccessProvider: AccessService.ServiceProtocol {
    let store: AccessStore
    /// Set on the deployment's identity issuer only.
    let issuer: IdentityIssuer?

    public init(store: AccessStore, issuer: IdentityIssuer? = nil) {
        self.store = store
        self.issuer = issuer
    }

    public func createToken(_ request: CreateTokenRequest, context: ServerContext) async throws -> CreateTokenResponse {
        guard request.ttlSeconds >= 0 else { throw RPCError(.invalidArgument, "ttl_seconds: must not be negative") }
        guard request.ttlSeconds <= AccessStore.maximumTTLSeconds else {
            throw RPCError(
                .invalidArgument, "ttl_seconds: at most \(AccessStore.maximumTTLSeconds) (ten years); 0 never expires")
        }
        guard request.descriptionField.utf8.count <= 1000 else {
            throw RPCError(.invalidArgument, "description: at most 1000 bytes")
        }
        return try await store.createToken(
            principal: request.principal, description: request.descriptionField,
            ttl: request.ttlSeconds > 0 ? .seconds(request.ttlSeconds) : nil)
    }

    public func listTokens(_ request: ListTokensRequest, context: ServerContext) async throws -> ListTokensResponse {
        let window = try PageWindow(request.page)
        let (page, info) = window.page(store.tokens(of: request.principal.isEmpty ? nil : request.principal)) { $0 }
        return ListTokensResponse(tokens: page, page: info)
    }

    public func revokeToken(_ request: RevokeTokenRequest, context: ServerContext) async throws -> TokenInfo {
        try await store.revokeToken(id: request.id, requestID: request.requestID)
    }

    public func grantRoles(_ request: ChangeRolesRequest, context: ServerContext) async throws -> PrincipalRoles {
        try await store.changeRoles(
            principal: request.principal, roles: request.roles, grant: true, requestID: request.requestID)
    }

    public func revokeRoles(_ request: ChangeRolesRequest, context: ServerContext) async throws -> PrincipalRoles {
        try await store.changeRoles(
            principal: request.principal, roles: request.roles, grant: false, requestID: request.requestID)
    }

    public func listRoles(_ request: ListRolesRequest, context: ServerContext) async throws -> ListRolesResponse {
        let window = try PageWindow(request.page)
        let (page, info) = window.page(store.allRoles()) { $0 }
        return ListRolesResponse(principals: page, page: info)
    }

    public func whoAmI(_ request: WhoAmIRequest, context: ServerContext) async throws -> PrincipalRoles {
        guard let principal = context.principal else { return PrincipalRoles() }
        return PrincipalRoles(principal: principal, roles: store.roles(of: principal).sorted())
    }

    public func issueIdentity(_ request: IssueIdentityRequest, context: ServerContext) async throws -> IdentityToken {
        guard let issuer else {
            throw RPCError(
                .failedPrecondition, "this service does not issue identities (DIC_IDENTITY_SIGNING_KEY is unset)")
        }
        // Only a personal token this service checked may be exchanged: an identity token renewing
        // itself would outlive the personal token's revocation.
        guard let principal = context.principal,
            let header = context.metadata["authorization"], header.hasPrefix("Bearer "),
            !header.dropFirst(7).hasPrefix(IdentityTokenFormat.prefix)
        else {
            throw RPCError(
                .unauthenticated, "authorization: send the personal token ('Bearer dic_…') to get an identity")
        }
        do {
            return try issuer.issue(for: principal)
        } catch is IdentityIssuer.IdentityRefusal {
            throw RPCError(.permissionDenied, "'\(principal)' is not a person's principal and gets no identity token")
        }
    }
}
