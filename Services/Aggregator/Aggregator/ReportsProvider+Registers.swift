import CSV
import CalendarDates
import CommonAPI
import Foundation
import RPCCore
import Report
import ReportAPI
import RequestRules
import ServiceStorage

// The office's registers: documents and activities, and the districts' quarterly intake.
extension ReportsProvider {
    public func saveDocument(
        _ request: APISaveDocumentRequest, context: ServerContext
    ) async throws -> APIDocumentEntry {
        guard let wire = request.document else { throw RPCError(.invalidArgument, "document: required") }
        let entry = try Self.document(wire, field: "document.")
        let id: String
        do {
            id = try await registers.save(entry, requestID: request.requestID)
        } catch let missing as RegisterMissing {
            throw RPCError(.notFound, "document.id: no document '\(missing.id)'")
        }
        guard let stored = try await registers.document(id) else {
            throw RPCError(.internal, "document \(id) was saved but cannot be read back")
        }
        return Self.wire(stored)
    }

    public func importDocuments(
        _ requests: RPCInbound<APIImportDocumentsRequest>, context: ServerContext
    ) async throws -> APIImportDocumentsResponse {
        var reader = CSVImport(columns: Self.documentColumns, required: ["issued_on", "summary", "section"]) {
            row throws(CSVHeader.Problem) -> DocumentEntry in
            let text = try row.required("issued_on")
            guard let date = Self.date(text) else {
                throw CSVHeader.Problem(
                    line: row.line, field: "issued_on", reason: "'\(text)' is not a date (YYYY-MM-DD or DD/MM/YYYY)")
            }
            let entry = DocumentEntry(
                number: row.text("number"), issuedOn: date, issuer: row.text("issuer"), kind: row.text("kind"),
                summary: row.text("summary"), section: row.text("section"))
            do throws(RuleViolation) {
                try entry.validate()
            } catch {
                throw CSVHeader.Problem(line: row.line, field: error.field, reason: error.rule)
            }
            return entry
        }
        var dryRun = false
        var entries: [DocumentEntry] = []
        // The CSV limits bound the file; every row is checked before any is stored.
        try await reader.read(requests, bytes: \.data, first: { dryRun = $0.dryRun }) { batch in entries += batch }
        if let message = reader.fatalMessage { throw RPCError(.invalidArgument, "data: \(message)") }
        var response = APIImportDocumentsResponse(
            rows: Int64(reader.rows),
            problems: reader.problems.map { APIImportProblem(line: Int64($0.line), field: $0.field, reason: $0.reason) }
        )
        guard reader.problems.isEmpty else {
            throw RPCError(
                .invalidArgument,
                "data: \(reader.problemsTotal) row(s) refused, nothing stored; first: line \(reader.problems[0].line): "
                    + "\(reader.problems[0].field): \(reader.problems[0].reason)")
        }
        if !dryRun {
            response.added = Int64(try await registers.importDocuments(entries))
            response.unchanged = Int64(entries.count) - response.added
        }
        return response
    }

    public func listDocuments(
        _ request: APIListDocumentsRequest, context: ServerContext
    ) async throws -> APIListDocumentsResponse {
        let from = try CalendarDate.optional(request.from, field: "from")
        let through = try CalendarDate.optional(request.through, field: "through")
        guard request.section.isEmpty || DocumentEntry.sections.contains(request.section) else {
            throw RPCError(.invalidArgument, "section: '\(request.section)' is not a section that lists documents")
        }
        let window = try PageWindow(request.page, defaultSize: 100, maximumSize: 1000)
        let (documents, total) = try await registers.documents(
            from: from, through: through, section: request.section, limit: window.limit, offset: window.offset)
        let (page, info) = window.fitting(documents.map(Self.wire), total: total)
        return APIListDocumentsResponse(documents: page, page: info)
    }

    public func deleteDocument(
        _ request: APIDeleteEntryRequest, context: ServerContext
    ) async throws -> APIDeleteEntryResponse {
        // The register is the department's, not a report's: a final report keeps its own snapshot.
        APIDeleteEntryResponse(deleted: try await registers.deleteDocument(request.id))
    }

    public func saveDistrictEntry(
        _ request: APISaveDistrictEntryRequest, context: ServerContext
    ) async throws -> APIDistrictEntry {
        guard let wire = request.entry else { throw RPCError(.invalidArgument, "entry: required") }
        let kind: DistrictEntry.Kind
        switch wire.kind {
        case .activity: kind = .activity
        case .difficulty: kind = .difficulty
        case .unspecified, .unrecognized: throw RPCError(.invalidArgument, "entry.kind: activity or difficulty")
        }
        let (year, quarter) = try Self.quarter(year: wire.year, quarter: wire.quarter, field: "entry.")
        try await refuseIfFinal(year: year, quarter: quarter)
        let entry = DistrictEntry(
            id: wire.id, year: year, quarter: quarter, unitCode: wire.unitCode, kind: kind, field: wire.field,
            content: wire.content)
        if let known = unitNames(), !known.isEmpty, known[wire.unitCode] == nil {
            throw RPCError(.invalidArgument, "entry.unit_code: no administrative unit '\(wire.unitCode)'")
        }
        let id: String
        do {
            id = try await registers.save(entry, requestID: request.requestID)
        } catch let violation as RuleViolation {
            throw RPCError(.invalidArgument, "entry.\(violation.field): \(violation.rule)")
        } catch let missing as RegisterMissing {
            throw RPCError(.notFound, "entry.id: no district entry '\(missing.id)'")
        }
        guard let stored = try await registers.districtEntry(id) else {
            throw RPCError(.internal, "district entry \(id) was saved but cannot be read back")
        }
        return Self.wire(stored)
    }

    public func listDistrictEntries(
        _ request: APIListDistrictEntriesRequest, context: ServerContext
    ) async throws -> APIListDistrictEntriesResponse {
        let (year, quarter) = try Self.quarter(year: request.year, quarter: request.quarter)
        let kind: DistrictEntry.Kind? =
            switch request.kind {
            case .activity: .activity
            case .difficulty: .difficulty
            case .unspecified, .unrecognized: nil
            }
        let window = try PageWindow(request.page)
        let (page, info) = window.page(
            try await registers.districtEntries(year: year, quarter: quarter, kind: kind), Self.wire)
        return APIListDistrictEntriesResponse(entries: page, page: info)
    }

    public func deleteDistrictEntry(
        _ request: APIDeleteEntryRequest, context: ServerContext
    ) async throws -> APIDeleteEntryResponse {
        if let entry = try await registers.districtEntry(request.id) {
            try await refuseIfFinal(year: entry.year, quarter: entry.quarter)
        }
        return APIDeleteEntryResponse(deleted: try await registers.deleteDistrictEntry(request.id))
    }

    /// A quarter with a final report takes no change that would alter it.
    func refuseIfFinal(year: Int, quarter: Int) async throws {
        if let id = try await store.finalReportID(year: year, quarter: quarter) {
            throw RPCError(
                .failedPrecondition, "quarter: \(year) Q\(quarter) has a final report (\(id)); it takes no changes")
        }
    }

    static let documentColumns = ["number", "issued_on", "issuer", "kind", "summary", "section"]

    /// "2023-01-19" or "19/01/2023", as e-office exports write it.
    static func date(_ text: String) -> CalendarDate? {
        if let date = CalendarDate(iso: text) { return date }
        let parts = text.split(separator: "/")
        guard parts.count == 3, parts.allSatisfy({ $0.count <= 4 && $0.allSatisfy(\.isASCII) }),
            let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]), parts[2].count == 4
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    static func document(_ wire: APIDocumentEntry, field: String) throws -> DocumentEntry {
        let entry = DocumentEntry(
            id: wire.id, number: wire.number,
            issuedOn: try CalendarDate.required(wire.issuedOn, field: field + "issued_on"),
            issuer: wire.issuer, kind: wire.kind, summary: wire.summary, section: wire.section)
        do {
            try entry.validate()
        } catch {
            throw RPCError(.invalidArgument, "\(field)\(error.field): \(error.rule)")
        }
        return entry
    }

    static func wire(_ entry: DocumentEntry) -> APIDocumentEntry {
        APIDocumentEntry(
            id: entry.id, number: entry.number, issuedOn: entry.issuedOn.proto, issuer: entry.issuer, kind: entry.kind,
            summary: entry.summary, section: entry.section)
    }

    static func wire(_ entry: DistrictEntry) -> APIDistrictEntry {
        APIDistrictEntry(
            id: entry.id, year: Int32(entry.year), quarter: Int32(entry.quarter), unitCode: entry.unitCode,
            kind: entry.kind == .activity ? .activity : .difficulty, field: entry.field, content: entry.content)
    }
}
