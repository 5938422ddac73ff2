import Foundation
import RPCCore
import Testing

@testable import ConsoleKit

struct ConsoleFormIDsTests {
    @Test func aFormKeepsTheIdItWasDrawnWithAndAnythingElseGetsANewOne() {
        let drawn = Console.newFormID()
        #expect(Console.formID(of: FormData("form=\(drawn)&number=1")) == drawn)
        // Upper case is the same id, written as the console writes it.
        #expect(Console.formID(of: FormData("form=\(drawn.uppercased())")) == drawn)
        for hostile in ["", "x", String(repeating: "a", count: 5000), drawn + "0", "\(drawn)%00", "' OR 1=1 --"] {
            let id = Console.formID(of: FormData("form=\(hostile)"))
            #expect(id != hostile && UUID(uuidString: id) != nil, "\(hostile.prefix(40))")
        }
        #expect(Console.formID(of: nil) != Console.formID(of: nil))
    }

    @Test func aSessionsRequestIdsShareItsScopeButNotItsFormToken() {
        let store = SessionStore(key: SessionKey(bytes: Array(repeating: 7, count: 32)))
        let (_, one) = store.create(credential: FixedBearer(token: "t"), principal: "a", roles: [:])
        let (_, other) = store.create(credential: FixedBearer(token: "t"), principal: "a", roles: [:])
        let scope = store.requestScope(for: one)
        #expect(scope == store.requestScope(for: one) && scope != store.requestScope(for: other))
        #expect(scope.count == 22 && !store.csrfToken(for: one).contains(scope))
        // The id the services get fits their 128 bytes.
        #expect((scope + "-" + Console.newFormID()).utf8.count == 59)
    }
}
