import CommonAPI
import RPCCore

/// `dic.common.v1.Access`, hosted by every service.
public struct AccessProvider: AccessService.ServiceProtocol {
    let store: AccessStore

    public init(store: AccessStore) { self.store = store }

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
        ListTokensResponse(tokens: store.tokens(of: request.principal.isEmpty ? nil : request.principal))
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
        ListRolesResponse(principals: store.allRoles())
    }

    public func whoAmI(_ request: WhoAmIRequest, context: ServerContext) async throws -> PrincipalRoles {
        guard let principal = context.principal else { return PrincipalRoles() }
        return PrincipalRoles(principal: principal, roles: store.roles(of: principal).sorted())
    }
}
