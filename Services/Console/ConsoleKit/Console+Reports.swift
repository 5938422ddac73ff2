import CommonAPI
import Foundation
import Hummingbird
import RPCCore
import ReportAPI

extension Console {
    static let formats: [(value: String, label: String, wire: APIReportFormat)] = [
        ("docx", "DOCX", .docx), ("html", "HTML", .html), ("md", "Markdown", .markdown), ("csv", "CSV", .csv),
    ]

    func reportsClient(_ session: Session) -> APIReportsService.Client {
        APIReportsService.Client(Upstreams.client(upstreams.aggregator, as: session.credential))
    }

    /// The report desk: the generate form (for editors) and the reports kept, with who made them.
    func reports(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        return try await reportDesk(session, context, year: nil, quarter: nil, error: nil)
    }

    func reportDesk(
        _ session: Session, _ context: ConsoleContext, year: Int?, quarter: Int?, error: String?,
        yearError: String? = nil, form: FormData? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let today = Calendar(identifier: .gregorian).dateComponents(
            in: TimeZone(secondsFromGMT: 7 * 3600)!, from: Date())
        let shownYear = year ?? today.year ?? 2023
        let shownQuarter = quarter ?? max(1, ((today.month ?? 1) - 1) / 3)
        var values: [String: Any] = [
            "mayGenerate": session.may("editor", in: "aggregator"), "csrf": sessions.csrfToken(for: session),
            Self.formIDField: Self.formID(of: form),
            "year": shownYear, "quarterValue": shownQuarter,
            "quarters": (1...4).map {
                ["value": $0, "label": "Quý \(["I", "II", "III", "IV"][$0 - 1])", "selected": $0 == shownQuarter]
            },
        ]
        if let yearError { values["yearError"] = yearError }
        var failure = error
        do {
            let listed = try await reportsClient(session).listReports(
                APIListReportsRequest(page: PageRequest(pageSize: 100)), options: callOptions())
            values["rows"] = listed.reports.map { summary -> [String: Any] in
                [
                    "id": summary.id, "period": "Quý \(Self.roman(Int(summary.quarter)))/\(summary.year)",
                    "generatedAt": Self.time(summary.generatedAt), "generatedBy": summary.generatedBy,
                    "state": Self.state(summary),
                    "formats": Self.formats.map { ["value": $0.value, "label": $0.label] },
                ]
            }
        } catch {
            values["rows"] = [[String: Any]]()
            failure = failure ?? RefusalText(error).message
        }
        return page(
            "reports", title: "Báo cáo quý", values: values, context: context, nav: "Reports", error: failure,
            status: status)
    }

    /// Generates a quarter's report. A browser with the script asks for an event stream and sees
    /// each service answer; without it, the post waits and lands on the report.
    func generate(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let form = try await FormData.read(request, limit: 16 << 10)
        try checkForm(form, session)
        guard let year = Int(form.trimmed("year")), (2000...2100).contains(year) else {
            return try await reportDesk(
                session, context, year: nil, quarter: nil, error: "Năm phải từ 2000 đến 2100.",
                yearError: "Năm phải từ 2000 đến 2100.", form: form, status: .badRequest)
        }
        let quarter = min(4, max(1, Int(form["quarter"]) ?? 1))
        // The form's id makes a second post of it (a double click, the script's fallback to a plain
        // post) the same request: the aggregator answers it with the report the first one kept.
        let generateRequest = APIGenerateQuarterlyReportRequest(
            year: Int32(year), quarter: Int32(quarter), withAnalysis: form["analysis"] == "1",
            requestID: requestID(form, session))
        let client = reportsClient(session)
        let options = CallOptions(timeout: .seconds(120))
        if request.headers[.accept]?.contains("text/event-stream") == true {
            // The call's events become server-sent events; the report is kept by the aggregator
            // whether or not the browser stays to the end.
            let (stream, sink) = AsyncStream.makeStream(of: ByteBuffer.self)
            Task {
                do {
                    let summary = try await client.generateQuarterlyReport(generateRequest, options: options) {
                        events in
                        var last: APIReportSummary?
                        for try await event in events {
                            switch event.event {
                            case .progress(let step):
                                sink.yield(
                                    Self.event(
                                        "progress",
                                        ["step": step.step, "done": Int(step.done), "total": Int(step.total)]))
                            case .report(let summary): last = summary
                            case nil: break
                            }
                        }
                        return last
                    }
                    // With a new form id: the desk shown again (the browser's Back) asks for a new report.
                    if let summary {
                        sink.yield(Self.event("done", ["url": "/bao-cao/\(summary.id)", "form": Self.newFormID()]))
                    }
                } catch {
                    sink.yield(Self.event("failed", ["message": RefusalText(error).message]))
                }
                sink.finish()
            }
            return Response(
                // X-Accel-Buffering: an edge proxy (nginx) passes each event on as it comes.
                status: .ok,
                headers: [
                    .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store",
                    .init("X-Accel-Buffering")!: "no",
                ],
                body: ResponseBody(asyncSequence: stream))
        }
        do {
            let summary = try await client.generateQuarterlyReport(generateRequest, options: options) { events in
                var last: APIReportSummary?
                for try await event in events { if case .report(let summary) = event.event { last = summary } }
                return last
            }
            guard let summary else { throw RPCError(.internal, "the aggregator sent no report") }
            return Self.redirect("/bao-cao/\(summary.id)")
        } catch {
            return try await reportDesk(
                session, context, year: year, quarter: quarter, error: RefusalText(error).message, form: form,
                status: Self.status(of: error))
        }
    }

    /// A report's page: what it is, from which data, its downloads and a preview.
    func reportPage(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let id = context.parameters.get("id") ?? ""
        do {
            let document = try await reportsClient(session).getReport(
                APIGetReportRequest(id: id, format: .json), options: callOptions())
            let summary = document.summary ?? APIReportSummary()
            let values: [String: Any] = [
                "mayFinalise": summary.finalisedAt == nil && summary.complete && session.may("admin", in: "aggregator"),
                "csrf": sessions.csrfToken(for: session),
                "id": summary.id, "title": summary.title, "generatedAt": Self.time(summary.generatedAt),
                "generatedBy": summary.generatedBy, "state": Self.state(summary),
                "sources": summary.sources.map { "\($0.service) \($0.version)" }.joined(separator: ", "),
                "unavailable": summary.unavailable,
                "formats": Self.formats.map { ["value": $0.value, "label": $0.label] },
            ]
            return page("report", title: "Báo cáo \(summary.id)", values: values, context: context, nav: "Reports")
        } catch {
            return message(
                "Không mở được báo cáo", RefusalText(error).message, back: "/bao-cao", context: context,
                status: Self.status(of: error))
        }
    }

    /// Marks the report final (the director has signed it): the aggregator refuses a second final
    /// report of the quarter, and says so.
    func finaliseReport(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        try checkForm(try await FormData.read(request, limit: 16 << 10), session)
        let id = Self.pathParameter(context, "id")
        do {
            _ = try await reportsClient(session).finaliseReport(
                APIFinaliseReportRequest(id: id), options: callOptions())
            return Self.redirect("/bao-cao/\(Self.pathSegment(id))?da-ban-hanh=1")
        } catch {
            return message(
                "Không ban hành được báo cáo", RefusalText(error).message, back: "/bao-cao/\(Self.pathSegment(id))",
                context: context, status: Self.status(of: error))
        }
    }

    /// The report's own HTML, for the preview frame: sandboxed, and framed only by the console.
    func preview(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let id = context.parameters.get("id") ?? ""
        do {
            let document = try await reportsClient(session).getReport(
                APIGetReportRequest(id: id, format: .html), options: callOptions())
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                    .contentSecurityPolicy:
                        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
                    .init("X-Frame-Options")!: "SAMEORIGIN",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: document.content)))
        } catch {
            return message(
                "Không mở được báo cáo", RefusalText(error).message, back: "/bao-cao", context: context,
                status: Self.status(of: error))
        }
    }

    func download(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let id = context.parameters.get("id") ?? ""
        guard let format = Self.formats.first(where: { $0.value == context.parameters.get("format") }) else {
            return message(
                "Không có định dạng này", "Chọn DOCX, HTML, Markdown hoặc CSV.", back: "/bao-cao", context: context,
                status: .notFound)
        }
        do {
            let document = try await reportsClient(session).getReport(
                APIGetReportRequest(id: id, format: format.wire), options: callOptions())
            // The name is the service's; only a plain file name reaches the header.
            let name = document.fileName.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
            return Response(
                status: .ok,
                headers: [
                    .contentType: document.contentType.isEmpty ? "application/octet-stream" : document.contentType,
                    .contentDisposition: "attachment; filename=\"\(name.isEmpty ? "bao-cao" : name)\"",
                    .cacheControl: "no-store",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: document.content)))
        } catch {
            return message(
                "Không tải được báo cáo", RefusalText(error).message, back: "/bao-cao", context: context,
                status: Self.status(of: error))
        }
    }

    static func roman(_ quarter: Int) -> String {
        (1...4).contains(quarter) ? ["I", "II", "III", "IV"][quarter - 1] : String(quarter)
    }

    static func event(_ name: String, _ data: [String: Any]) -> ByteBuffer {
        let json = (try? JSONSerialization.data(withJSONObject: data, options: [.sortedKeys])) ?? Data("{}".utf8)
        return ByteBuffer(string: "event: \(name)\ndata: \(String(decoding: json, as: UTF8.self))\n\n")
    }

    static func state(_ summary: APIReportSummary) -> String {
        var parts = [summary.finalisedAt == nil ? "Dự thảo" : "Đã ban hành"]
        if !summary.complete { parts.append("chưa đầy đủ số liệu") }
        return parts.joined(separator: ", ")
    }

    /// "08:30 31/03/2023" in Vietnam's time.
    static func time(_ timestamp: Timestamp?) -> String {
        guard let timestamp else { return "" }
        let date = Date(timeIntervalSince1970: TimeInterval(timestamp.seconds))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600) ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return "\(two(c.hour)):\(two(c.minute)) \(two(c.day))/\(two(c.month))/\(c.year ?? 0)"
    }
}
