import Foundation
import Hummingbird
import Logging
import Mustache
import RPCCore

/// The web console: Hummingbird routes over the services' generated clients. It keeps sessions and
/// nothing else; every page reads from the services as the signed-in officer, every form writes
/// through them, so authorization, validation and audit stay in the services.
public struct Console: Sendable {
    public struct Settings: Sendable {
        /// Mark the session cookie Secure even when a request does not say it came over TLS (the
        /// console's public address is https).
        public var secureCookies = false
        public var sessionLimits = SessionStore.Limits()
        /// How long a service has to answer a page's call.
        public var upstreamTimeout: Duration = .seconds(10)
        /// Sign-in attempts per second across all callers.
        public var signInsPerSecond = 20

        public init() {}
    }

    let upstreams: Upstreams
    let sessions: SessionStore
    let settings: Settings
    let templates: MustacheLibrary
    let signIns: AttemptLimiter

    public init(upstreams: Upstreams, key: SessionKey, settings: Settings = Settings()) throws {
        self.upstreams = upstreams
        self.sessions = SessionStore(key: key, limits: settings.sessionLimits)
        self.settings = settings
        self.templates = try Templates.library()
        self.signIns = AttemptLimiter(perSecond: settings.signInsPerSecond)
    }

    public static let cookieName = "dic_session"

    /// The routes, with the session and security middleware in front.
    public func router() -> Router<ConsoleContext> {
        let router = Router(context: ConsoleContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: SessionMiddleware(sessions: sessions))
        router.get("/static/console.css") { _, _ in
            Self.asset(StaticAssets.css, type: "text/css; charset=utf-8")
        }
        router.get("/static/progress.js") { _, _ in
            Self.asset(StaticAssets.progressScript, type: "text/javascript; charset=utf-8")
        }
        // For probes (container health checks, Kubernetes): the console answers; it holds no state
        // whose loss a restart would fix, and the services have their own probes.
        router.get("/healthz") { _, _ in Self.asset("ok\n", type: "text/plain; charset=utf-8") }
        router.get("/dang-nhap") { request, context in try signInPage(request, context) }
        router.post("/dang-nhap") { request, context in try await signIn(request, context) }
        router.post("/dang-xuat") { request, context in try await signOut(request, context) }
        router.get("/") { request, context in try await home(request, context) }
        router.get("/giay-phep") { request, context in try await licences(request, context) }
        router.get("/giay-phep/cap-moi") { request, context in try await issueLicenceForm(request, context) }
        router.post("/giay-phep/cap-moi") { request, context in try await issueLicence(request, context) }
        router.get("/giay-phep/nhap") { request, context in try await importForm(request, context) }
        router.get("/giay-phep/tai-ve") { request, context in try await downloadLicences(request, context) }
        router.post("/giay-phep/nhap") { request, context in try await importLicences(request, context) }
        router.get("/giay-phep/:id") { request, context in try await licence(request, context) }
        router.get("/giay-phep/:id/sua-doi") { request, context in try await amendLicenceForm(request, context) }
        router.post("/giay-phep/:id/sua-doi") { request, context in try await amendLicence(request, context) }
        router.post("/giay-phep/:id/thao-tac") { request, context in try await applyLicenceAction(request, context) }
        router.get("/ho-so") { request, context in try await dossiers(request, context) }
        router.get("/ho-so/tiep-nhan") { request, context in try await receiveDossierForm(request, context) }
        router.post("/ho-so/tiep-nhan") { request, context in try await receiveDossier(request, context) }
        router.get("/ho-so/:code") { request, context in try await dossier(request, context) }
        router.get("/chi-tieu") { request, context in try await plan(request, context) }
        router.get("/chi-tieu/nhap") { request, context in try await recordFigureForm(request, context) }
        router.post("/chi-tieu/nhap") { request, context in try await recordFigure(request, context) }
        router.get("/chi-tieu/tai-ve") { request, context in try await downloadFigures(request, context) }
        router.get("/vien-thong") { request, context in try await telecomSites(request, context) }
        router.get("/vien-thong/nhap") { request, context in try await sitesImportForm(request, context) }
        router.post("/vien-thong/nhap") { request, context in try await importSites(request, context) }
        router.get("/vien-thong/tai-ve") { request, context in try await downloadSites(request, context) }
        router.get("/vien-thong/tram/:operator/:code") { request, context in try await telecomSite(request, context) }
        router.post("/vien-thong/tram/:operator/:code/doi-chieu") { request, context in
            try await checkSite(request, context)
        }
        router.get("/vien-thong/vung-lom") { request, context in try await coverageGaps(request, context) }
        router.get("/vien-thong/truyen-thanh") { request, context in try await radioStations(request, context) }
        router.get("/vien-thong/truyen-thanh/:code") { request, context in try await radioStation(request, context) }
        router.get("/vien-thong/wifi") { request, context in try await wifi(request, context) }
        router.get("/chi-tieu/lich-su") { request, context in try await figureHistory(request, context) }
        router.get("/nhiem-vu") { request, context in try await tasks(request, context) }
        router.get("/an-toan-thong-tin") { request, context in try await securityDossiers(request, context) }
        router.get("/thanh-tra") { request, context in try await enforcement(request, context) }
        router.post("/ho-so/:code/chuyen") { request, context in try await moveDossier(request, context) }
        router.get("/bao-cao") { request, context in try await reports(request, context) }
        router.post("/bao-cao/lap") { request, context in try await generate(request, context) }
        router.get("/bao-cao/doan-van") { request, context in try await narratives(request, context) }
        router.post("/bao-cao/doan-van") { request, context in try await saveNarrative(request, context) }
        router.get("/bao-cao/:id") { request, context in try await reportPage(request, context) }
        router.post("/bao-cao/:id/ban-hanh") { request, context in try await finaliseReport(request, context) }
        router.get("/bao-cao/:id/xem") { request, context in try await preview(request, context) }
        router.get("/bao-cao/:id/tai/:format") { request, context in try await download(request, context) }
        return router
    }

    // MARK: Rendering

    /// A page in the layout: the body template rendered with `values`, then placed in the layout
    /// with the navigation the officer's roles allow.
    func page(
        _ template: String, title: String, values: [String: Any], context: ConsoleContext, nav: String = "",
        notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let body = templates.render(values, withTemplate: template) ?? ""
        var layout: [String: Any] = ["title": title, "body": body, "nav\(nav)": true]
        if let session = context.session {
            layout["signedIn"] = true
            layout["principal"] = session.principal
            layout["csrf"] = sessions.csrfToken(for: session)
            layout["mayLicensing"] = session.may("reader", in: "licensing")
            layout["mayReports"] = session.may("reader", in: "aggregator")
            layout["mayDX"] = session.may("reader", in: "dx")
            layout["mayTelecom"] = session.may("reader", in: "telecom")
        }
        if let notice { layout["notice"] = notice }
        if notice == nil, let done = Self.doneNotice(context) { layout["notice"] = done }
        if let error { layout["error"] = error }
        let html = templates.render(layout, withTemplate: "layout") ?? ""
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// What a redirect after a successful form says: "?da-cap=1" after issuing, and so on.
    static func doneNotice(_ context: ConsoleContext) -> String? { context.done }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }

    /// A message page: what went wrong, in words, and the way back.
    func message(
        _ heading: String, _ text: String, back: String, context: ConsoleContext, status: HTTPResponse.Status
    ) -> Response {
        page(
            "message", title: heading, values: ["heading": heading, "text": text, "back": back], context: context,
            status: status)
    }

    /// The signed-in officer's session, or the sign-in page to come back from.
    func requireSession(_ request: Request, _ context: ConsoleContext) throws -> Session {
        guard let session = context.session else {
            throw Redirect(location: "/dang-nhap?next=" + Self.localPath(request.uri.path))
        }
        return session
    }

    /// A form post from a page this console rendered for this session: the CSRF token must match.
    func checkForm(_ form: FormData, _ session: Session) throws {
        guard sessions.checkCSRF(form["csrf"], for: session) else { throw FormRefused() }
    }

    /// A path to come back to after signing in: only this console's own paths.
    static func localPath(_ path: String) -> String {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"), path.utf8.count <= 200,
            path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return "/" }
        return path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/"
    }

    func callOptions() -> CallOptions { CallOptions(timeout: settings.upstreamTimeout) }

    func cookieHeader(value: String, maxAge: Int, secure: Bool) -> String {
        "\(Self.cookieName)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)" + (secure ? "; Secure" : "")
    }

    /// Whether the request reached the console over TLS (directly or through the edge proxy).
    func isSecure(_ request: Request) -> Bool {
        settings.secureCookies || request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}

/// Sends the browser elsewhere (to the sign-in page, usually).
struct Redirect: Error {
    var location: String
}

/// A form whose CSRF token is missing or wrong.
struct FormRefused: Error {}
