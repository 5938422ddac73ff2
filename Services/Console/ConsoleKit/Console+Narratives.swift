import CommonAPI
import Foundation
import Hummingbird
import RPCCore
import ReportAPI

extension Console {
    /// A quarter's paragraphs, section by section: what only people can write, saved for the next
    /// report of the quarter.
    func narratives(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let query = FormData(request.uri.query ?? "")
        let year = Int(query["year"]).flatMap { (2000...2100).contains($0) ? $0 : nil } ?? 2023
        let quarter = Int(query["quarter"]).flatMap { (1...4).contains($0) ? $0 : nil } ?? 1
        return try await narrativesPage(
            session, context, year: year, quarter: quarter, typed: [:], sent: nil, error: nil)
    }

    func narrativesPage(
        _ session: Session, _ context: ConsoleContext, year: Int, quarter: Int, typed: [String: String],
        sent: FormData?, error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let client = reportsClient(session)
        do {
            let sections = try await client.listReportSections(APIListReportSectionsRequest(), options: callOptions())
            let saved = try await client.listNarratives(
                APIListNarrativesRequest(year: Int32(year), quarter: Int32(quarter)), options: callOptions())
            let texts = Dictionary(
                saved.narratives.map { ($0.section, $0.paragraphs.joined(separator: "\n\n")) },
                uniquingKeysWith: { a, _ in a })
            let values: [String: Any] = [
                "csrf": sessions.csrfToken(for: session), "year": year, "quarter": quarter,
                "quarterName": Self.roman(quarter), "mayEdit": session.may("editor", in: "aggregator"),
                "sections": sections.sections.map { section -> [String: Any] in
                    [
                        "key": section.key, "title": section.title,
                        "heading": section.key == "II" ? "II. \(section.title)" : "\(section.key). \(section.title)",
                        "text": typed[section.key] ?? texts[section.key] ?? "",
                        // The refused section's form keeps its id; every other one gets its own.
                        Self.formIDField: Self.formID(of: typed[section.key] == nil ? nil : sent),
                        "field": "s-" + section.key.replacingOccurrences(of: ".", with: "-"),
                    ]
                },
            ]
            return page(
                "narratives", title: "Nội dung báo cáo quý \(Self.roman(quarter))/\(year)", values: values,
                context: context, nav: "Reports", error: error, status: status)
        } catch {
            return message(
                "Không mở được nội dung báo cáo", RefusalText(error).message, back: "/bao-cao", context: context,
                status: Self.status(of: error))
        }
    }

    /// Saves one section's paragraphs (blank lines separate them; nothing removes the section's).
    func saveNarrative(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let form = try await FormData.read(request, limit: 1 << 20)
        try checkForm(form, session)
        let year = Int(form["year"]).flatMap { (2000...2100).contains($0) ? $0 : nil } ?? 2023
        let quarter = Int(form["quarter"]).flatMap { (1...4).contains($0) ? $0 : nil } ?? 1
        let key = form["section"]
        let text = form["text"].replacingOccurrences(of: "\r\n", with: "\n")
        let paragraphs = text.components(separatedBy: "\n\n").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }.filter { !$0.isEmpty }
        do {
            _ = try await reportsClient(session).saveNarrative(
                APISaveNarrativeRequest(
                    requestID: requestID(form, session),
                    narrative: APINarrative(
                        year: Int32(year), quarter: Int32(quarter), section: key, paragraphs: paragraphs)),
                options: callOptions())
            return Self.redirect(
                "/bao-cao/doan-van?year=\(year)&quarter=\(quarter)&da-luu-doan=1#s-\(key.replacingOccurrences(of: ".", with: "-"))"
            )
        } catch {
            return try await narrativesPage(
                session, context, year: year, quarter: quarter, typed: [key: form["text"]], sent: form,
                error: RefusalText(error, labels: ["narrative.section": "Mục", "narrative.paragraphs": "Nội dung"])
                    .message,
                status: Self.status(of: error))
        }
    }
}
