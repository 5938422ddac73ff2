import AccessControl
import CommonAPI
import RPCCore
import Testing

struct AccessProviderTests {
    /// Tokens pile up over years of officers coming and going: they and the roles are listed a
    /// page at a time, oldest token first, principals by name.
    @Test func tokensAndRolesAreListedAPageAtATime() async throws {
        try await withAccessStore { store in
            let provider = AccessProvider(store: store)
            for index in 0..<5 { _ = try await store.createToken(principal: "p\(index)", description: "", ttl: nil) }
            for index in 0..<3 {
                _ = try await store.changeRoles(
                    principal: "p\(index)", roles: ["units.reader"], grant: true, requestID: "r\(index)")
            }
            let context = ServerContext(
                method: AccessService.listTokens, metadata: [:], peer: "test", deadline: nil, requestID: "r",
                peerIdentity: nil)
            let first = try await provider.listTokens(
                ListTokensRequest(page: PageRequest(pageSize: 2)), context: context)
            #expect(first.tokens.count == 2 && first.page == PageInfo(nextPageToken: "2", totalSize: 5))
            let all = try await PageRequest.all(size: 2) { page in
                let found = try await provider.listTokens(ListTokensRequest(page: page), context: context)
                return (found.tokens, found.page)
            }
            #expect(Set(all.map(\.id)).count == 5 && all.map(\.principal).sorted() == ["p0", "p1", "p2", "p3", "p4"])
            let roles = try await provider.listRoles(
                ListRolesRequest(page: PageRequest(pageSize: 2, pageToken: "2")), context: context)
            #expect(roles.principals.map(\.principal) == ["p2"] && roles.page?.totalSize == 3)
        }
    }
}
