import Hummingbird

/// Finds the officer's session from the cookie, turns the console's own control errors into
/// answers (a redirect to sign in, a refused form), and refuses a cross-site form post by its
/// Origin before any handler runs.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = ConsoleContext
    let sessions: SessionStore

    // `@concurrent`, here and below: Hummingbird's protocol was compiled with async functions that
    // leave their caller's executor (the default before SE-0461, which this package turns on).
    @concurrent func handle(
        _ request: Request, context: ConsoleContext,
        next: @concurrent (Request, ConsoleContext) async throws -> Response
    ) async throws -> Response {
        if request.method == .post, !Self.sameOrigin(request) {
            return Self.plain(.forbidden, "Biểu mẫu gửi từ trang khác bị từ chối.")
        }
        var context = context
        if let cookie = request.cookies[Console.cookieName]?.value {
            context.session = sessions.session(cookie: cookie)
        }
        let query = request.uri.query ?? ""
        if query.contains("da-cap=1") { context.done = "Đã cấp giấy phép." }
        if query.contains("da-luu=1") { context.done = "Đã lưu số liệu." }
        if query.contains("da-luu-doan=1") { context.done = "Đã lưu nội dung mục." }
        if query.contains("da-ap-dung=1") { context.done = "Đã ghi thao tác với giấy phép." }
        if query.contains("da-ban-hanh=1") { context.done = "Đã ban hành bản chính thức của báo cáo." }
        if query.contains("da-chuyen=1") { context.done = "Đã chuyển bước hồ sơ." }
        if query.contains("da-doi-chieu=1") { context.done = "Đã đối chiếu trạm với quy hoạch." }
        do {
            return try await next(request, context)
        } catch let redirect as Redirect {
            return Console.redirect(redirect.location)
        } catch let refusal as PageRefusal {
            return refusal.response
        } catch is FormRefused {
            return Self.plain(
                .forbidden,
                "Biểu mẫu không hợp lệ hoặc đã hết hạn (thiếu mã chống giả mạo). Hãy tải lại trang và gửi lại.")
        }
    }

    /// A browser names the page a form came from in Origin: it must be this console's host. A
    /// request without Origin (an old browser, a script) is left to the CSRF token.
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Headers every page carries: only this console's own scripts and styles, never framed by
/// another site, no MIME sniffing, no referrer leaving the console.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = ConsoleContext

    @concurrent func handle(
        _ request: Request, context: ConsoleContext,
        next: @concurrent (Request, ConsoleContext) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // Hummingbird's own refusals (no such address, a body past a form's limit) and ours.
            response = HTTPErrorPage.response(error.status)
        } catch {
            // A failure no page handled: the operator gets its kind in the log, the officer a page
            // that says so (the services' own refusals are shown by the pages, in words).
            context.logger.error(
                "console request failed",
                metadata: ["http.path": "\(request.uri.path)", "error.type": "\(type(of: error))"])
            response = HTTPErrorPage.response(.internalServerError)
        }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on its own form posts.
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        if response.headers[.init("X-Frame-Options")!] == nil {
            response.headers[.init("X-Frame-Options")!] = "DENY"
        }
        // Reached over https through the edge: browsers keep to https from then on (they ignore
        // the header on plain http, so a forged X-Forwarded-Proto gains nothing).
        if request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https" {
            response.headers[.strictTransportSecurity] = "max-age=31536000"
        }
        return response
    }
}
