import CommonAPI
import Foundation
import Hummingbird
import RPCCore

extension Console {
    func signInPage(_ request: Request, _ context: ConsoleContext) throws -> Response {
        if context.session != nil { return Self.redirect("/") }
        let next = Self.localPath(FormData(request.uri.query ?? "")["next"])
        return page("sign-in", title: "Đăng nhập", values: ["next": next], context: context)
    }

    /// Asks every service who the token belongs to; a token some service knows starts a session
    /// with the roles each one granted.
    func signIn(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let form = try await FormData.read(request, limit: 16 << 10)
        let token = form.trimmed("token")
        let next = Self.localPath(form["next"])
        func refuse(_ text: String) -> Response {
            page(
                "sign-in", title: "Đăng nhập", values: ["next": next, "tokenError": text], context: context,
                status: .unauthorized)
        }
        guard !token.isEmpty else { return refuse("Hãy nhập mã truy cập.") }
        guard signIns.allow(address: context.clientAddress(request)) else {
            return page(
                "sign-in", title: "Đăng nhập",
                values: [
                    "next": next, "tokenError": "Quá nhiều lần đăng nhập cùng lúc; vui lòng thử lại sau giây lát.",
                ],
                context: context, status: .tooManyRequests)
        }
        guard token.utf8.count <= 512, token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return refuse("Mã truy cập không đúng định dạng.")
        }
        var credential: any BearerSource = FixedBearer(token: token)
        var issuerDown = false
        if let issuer = upstreams.issuer {
            // One identity for every service; a token the issuer does not know may still be an
            // older per-service token, asked of the services below as before.
            let identity = IdentityCredential(issuer: issuer, personalToken: token, timeout: settings.upstreamTimeout)
            do {
                _ = try await identity.bearer()
                credential = identity
            } catch let error as RPCError where error.code == .unavailable || error.code == .deadlineExceeded {
                issuerDown = true
            } catch {}
        }
        var principal = ""
        var roles: [String: Set<String>] = [:]
        var unreachable = 0
        for (name, transport) in upstreams.all {
            do {
                let who = try await AccessService.Client(Upstreams.client(transport, as: credential)).whoAmI(
                    WhoAmIRequest(), options: callOptions())
                guard !who.principal.isEmpty else { continue }
                principal = who.principal
                // Roles come as "<service>.<role>"; the service named here is the one asked.
                roles[name] = Set(who.roles.compactMap { $0.split(separator: ".").last.map(String.init) })
            } catch let error as RPCError where error.code == .unavailable || error.code == .deadlineExceeded {
                unreachable += 1
            } catch {
                continue  // this service does not know the token
            }
        }
        guard !principal.isEmpty else {
            return refuse(
                unreachable == upstreams.all.count || issuerDown
                    ? "Không kết nối được tới các dịch vụ; vui lòng thử lại sau."
                    : "Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi.")
        }
        let (cookie, _) = sessions.create(credential: credential, principal: principal, roles: roles)
        let maxAge = Int(settings.sessionLimits.absolute.components.seconds)
        return Self.redirect(next, cookie: cookieHeader(value: cookie, maxAge: maxAge, secure: isSecure(request)))
    }

    func signOut(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        guard let session = context.session else { return Self.redirect("/dang-nhap") }
        try checkForm(try await FormData.read(request, limit: 16 << 10), session)
        if let cookie = request.cookies[Self.cookieName]?.value { sessions.end(cookie: cookie) }
        return Self.redirect("/dang-nhap", cookie: cookieHeader(value: "", maxAge: 0, secure: isSecure(request)))
    }
}
