import Hummingbird

/// What the list pages share: the role a page needs, the page filled from a service (or shown
/// with the service's refusal when it fails), and a filter's choices.
extension Console {
    /// The signed-in officer when they hold `role` in `service`; otherwise the page that says so
    /// (thrown, answered by the session middleware).
    func requireRole(
        _ role: String, in service: String, _ request: Request, _ context: ConsoleContext, back: String = "/"
    ) throws -> Session {
        let session = try requireSession(request, context)
        guard session.may(role, in: service) else {
            throw PageRefusal(
                response: message(
                    "Không có quyền",
                    "Thao tác này cần vai trò \(Self.roleName(role)) của dịch vụ "
                        + "\(Self.serviceName(service).lowercased()).", back: back, context: context,
                    status: .forbidden))
        }
        return session
    }

    /// A page filled by `fill` from a service; when a call fails, the same page with the
    /// refusal in words and each of `lists` empty.
    func listPage(
        _ template: String, title: String, nav: String, context: ConsoleContext, values: [String: Any],
        lists: [String] = ["rows"], _ fill: (inout [String: Any]) async throws -> Void
    ) async -> Response {
        var values = values
        do {
            try await fill(&values)
            return page(template, title: title, values: values, context: context, nav: nav)
        } catch {
            for key in lists where values[key] == nil { values[key] = [[String: Any]]() }
            return page(
                template, title: title, values: values, context: context, nav: nav, error: RefusalText(error).message,
                status: Self.status(of: error))
        }
    }

    /// The links of a paged list: `next` to the page after this one (with the filters in
    /// `parameters`), `first` back to the first when this is not it.
    static func pager(
        _ path: String, _ parameters: [(String, String)], after: String, next: String?
    ) -> [String: String] {
        let filters = parameters.filter { !$0.1.isEmpty }.map { "\($0.0)=\(queryValue($0.1))" }
        var links: [String: String] = [:]
        if let next, !next.isEmpty {
            links["next"] = path + "?" + (["sau=" + queryValue(next)] + filters).joined(separator: "&")
        }
        if !after.isEmpty { links["first"] = path + (filters.isEmpty ? "" : "?" + filters.joined(separator: "&")) }
        return links
    }

    /// A filter's options, "Tất cả" first, with the chosen one selected.
    static func choices<Code>(_ options: [(Code, String, String)], selected: String?) -> [[String: Any]] {
        [["value": "", "label": "Tất cả", "selected": selected == nil]]
            + options.map { ["value": $0.1, "label": $0.2, "selected": $0.1 == selected] }
    }
}

/// A page the handler answers with instead of going on (the officer lacks the role).
struct PageRefusal: Error {
    let response: Response
}
