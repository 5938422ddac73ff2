import Hummingbird
import HummingbirdTesting
import Testing

@testable import ConsoleKit

/// Whatever a page answers with, refusals and failures included, it carries the console's headers
/// and says what happened in Vietnamese.
struct SecurityHeadersTests {
    struct Unexpected: Error {}

    func withConsoleRouter(_ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = Router(context: ConsoleContext.self)
        router.add(middleware: SecurityHeaders())
        router.get("/page") { _, _ in "ok" }
        router.get("/fails") { _, _ -> String in throw Unexpected() }
        router.post("/form") { request, _ -> String in
            _ = try await FormData.read(request, limit: 16)
            return "read"
        }
        try await Application(router: router).test(.router, test)
    }

    @Test func anAddressWithNoPageIsAPageThatSaysSo() async throws {
        try await withConsoleRouter { client in
            try await client.execute(uri: "/khong-co", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("<h1>Không tìm thấy trang</h1>"))
                #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true)
                #expect(response.headers[.init("X-Frame-Options")!] == "DENY")
            }
        }
    }

    @Test func aBodyPastTheFormsLimitIsAPageThatSaysSo() async throws {
        try await withConsoleRouter { client in
            try await client.execute(
                uri: "/form", method: .post, body: ByteBuffer(string: String(repeating: "a", count: 64))
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("Nội dung gửi lên quá lớn"))
                #expect(response.headers[.contentSecurityPolicy] != nil)
            }
        }
    }

    @Test func aFailureNoPageHandledIsAPageThatSaysSo() async throws {
        try await withConsoleRouter { client in
            try await client.execute(uri: "/fails", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(String(buffer: response.body).contains("Có lỗi khi xử lý yêu cầu"))
                #expect(response.headers[.contentSecurityPolicy] != nil)
            }
            try await client.execute(uri: "/page", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body) == "ok")
            }
        }
    }
}
