import RPCCore
import Testing

@testable import ConsoleKit

struct SessionStoreTests {
    let key = SessionKey(bytes: Array(repeating: 7, count: 32))

    @Test func aCookieFindsItsSessionUntilIdleOrOld() {
        var limits = SessionStore.Limits()
        limits.idle = .seconds(60)
        limits.absolute = .seconds(300)
        let store = SessionStore(key: key, limits: limits)
        let start = ContinuousClock.now
        let (cookie, session) = store.create(
            credential: FixedBearer(token: "t"), principal: "nguyen.van.a", roles: [:], now: start)
        #expect(store.session(cookie: cookie, now: start + .seconds(59))?.principal == "nguyen.van.a")
        // Seen at 59 s, it lives on to 118 s idle; then the absolute limit ends it whatever its use.
        #expect(store.session(cookie: cookie, now: start + .seconds(118)) != nil)
        #expect(store.session(cookie: cookie, now: start + .seconds(177)) != nil)
        #expect(store.session(cookie: cookie, now: start + .seconds(236)) != nil)
        #expect(store.session(cookie: cookie, now: start + .seconds(295)) != nil)
        #expect(store.session(cookie: cookie, now: start + .seconds(301)) == nil)
        // Idle too long ends another.
        let (other, _) = store.create(credential: FixedBearer(token: "t"), principal: "b", roles: [:], now: start)
        #expect(store.session(cookie: other, now: start + .seconds(61)) == nil)
        #expect(session.id.count >= 43)
    }

    @Test func aCookieTheConsoleDidNotSignFindsNothing() {
        let store = SessionStore(key: key)
        let (cookie, session) = store.create(credential: FixedBearer(token: "t"), principal: "a", roles: [:])
        #expect(store.session(cookie: cookie) != nil)
        for forged in [
            session.id, session.id + ".", session.id + ".AAAA", cookie + "x", "x." + cookie.split(separator: ".")[1],
            String(repeating: "a", count: 5000), "",
        ] {
            #expect(store.session(cookie: forged) == nil, "\(forged.prefix(40))")
        }
        // Another key's cookie for the same id is refused too.
        let other = SessionStore(key: SessionKey(bytes: Array(repeating: 8, count: 32)))
        #expect(other.session(cookie: cookie) == nil)
        store.end(cookie: cookie)
        #expect(store.session(cookie: cookie) == nil)
    }

    @Test func csrfTokensBelongToTheirSession() {
        let store = SessionStore(key: key)
        let (_, first) = store.create(credential: FixedBearer(token: "t"), principal: "a", roles: [:])
        let (_, second) = store.create(credential: FixedBearer(token: "t"), principal: "b", roles: [:])
        let token = store.csrfToken(for: first)
        #expect(store.checkCSRF(token, for: first))
        #expect(!store.checkCSRF(token, for: second))
        #expect(!store.checkCSRF("", for: first) && !store.checkCSRF(token + "x", for: first))
    }

    /// A flood of sign-ins cannot grow the store past its bound: the least recently seen goes.
    @Test func theStoreIsBounded() {
        var limits = SessionStore.Limits()
        limits.maximumSessions = 3
        let store = SessionStore(key: key, limits: limits)
        let start = ContinuousClock.now
        let cookies = (0..<5).map { index in
            store.create(
                credential: FixedBearer(token: "t"), principal: "p\(index)", roles: [:], now: start + .seconds(index)
            ).cookie
        }
        #expect(store.count == 3)
        #expect(store.session(cookie: cookies[0], now: start + .seconds(5)) == nil)
        #expect(store.session(cookie: cookies[4], now: start + .seconds(5)) != nil)
    }

    @Test func rolesImplyTheOnesBelow() {
        let session = Session(
            id: "x", credential: FixedBearer(token: "t"), principal: "a",
            roles: ["licensing": ["editor"], "dx": ["reader"]],
            createdAt: .now, lastSeen: .now)
        #expect(session.may("reader", in: "licensing") && session.may("editor", in: "licensing"))
        #expect(!session.may("admin", in: "licensing"))
        #expect(session.may("reader", in: "dx") && !session.may("editor", in: "dx"))
        #expect(!session.may("reader", in: "telecom"))
    }
}

struct ConsoleInputTests {
    @Test func formFieldsAreDecodedAndBounded() {
        let form = FormData("token=abc%2B1&q=truyen+thong&q=second&empty=&flag")
        #expect(form["token"] == "abc+1" && form["q"] == "truyen thong" && form["empty"] == "" && form["flag"] == "")
        #expect(form["missing"] == "")
        let flood = FormData(Array(repeating: "a=1", count: 5000).joined(separator: "&"))
        #expect(flood.values["a"]?.count == 1000)
    }

    /// Only the console's own paths are followed after signing in: never another site.
    @Test func theWayBackAfterSigningInStaysOnTheConsole() {
        #expect(Console.localPath("/giay-phep") == "/giay-phep")
        for hostile in ["https://evil.example/", "//evil.example/x", "/\\evil.example", "", "giay-phep", "/a\nb"] {
            #expect(Console.localPath(hostile) == "/", "\(hostile)")
        }
    }

    @Test func refusalsReadInVietnameseAndNameTheField() {
        let invalid = RefusalText(RPCError(.invalidArgument, "content.domains[0]: is not a domain name"))
        #expect(invalid.field == "content.domains[0]")
        #expect(invalid.message == "Dữ liệu chưa hợp lệ ở trường “content.domains[0]”: is not a domain name")
        let denied = RefusalText(RPCError(.permissionDenied, "needs aggregator.editor"))
        #expect(denied.message.hasPrefix("Tài khoản của bạn không có quyền"))
        #expect(RefusalText(RPCError(.unavailable, "connection refused")).message.contains("tạm thời không trả lời"))
        // A message whose start is not a field name is all reason.
        #expect(RefusalText(RPCError(.notFound, "no licence 'x: y'")).field == nil)
    }
}
