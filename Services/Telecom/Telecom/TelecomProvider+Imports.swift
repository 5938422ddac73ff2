import AdminUnits
import CSV
import CommonAPI
import RPCCore
import TelecomAPI
import TelecomDomain

// Streamed CSV imports (sites, villages, coverage declarations) and the site export.
extension TelecomProvider {
    static let importBatchSize = 500

    /// Reads the stream through `parse`, storing good rows in batches with `store`.
    func runImport<Value: Sendable>(
        _ requests: RPCInbound<APIImportRequest>, columns: [String], required: [String],
        parse: @escaping @Sendable (CSVRow) throws(CSVHeader.Problem) -> Value,
        store: ([Value], Bool) async throws -> (added: Int, updated: Int, unchanged: Int)
    ) async throws -> APIImportResponse {
        var reader = CSVImport(columns: columns, required: required, parse: parse)
        var response = APIImportResponse()
        try await reader.read(
            requests, batchSize: Self.importBatchSize, bytes: \.data, first: { response.dryRun = $0.dryRun }
        ) {
            batch in
            let outcome = try await store(batch, response.dryRun)
            response.added += Int64(outcome.added)
            response.updated += Int64(outcome.updated)
            response.unchanged += Int64(outcome.unchanged)
        }
        response.rows = Int64(reader.rows)
        response.refused = Int64(reader.refused)
        response.problems = reader.problems.map {
            APIImportProblem(line: Int64($0.line), field: $0.field, reason: $0.reason)
        }
        response.problemsTotal = Int64(reader.problemsTotal)
        if let message = reader.fatalMessage { throw RPCError(.invalidArgument, "data: \(message)") }
        return response
    }

    public func importSites(
        _ requests: RPCInbound<APIImportRequest>, context: ServerContext
    ) async throws -> APIImportResponse {
        let operators = sites.operators
        let unitsWithin = unitsWithin
        let day = today()
        return try await runImport(
            requests, columns: TelecomCSV.siteColumns,
            required: ["operator", "code", "unit_code", "latitude", "longitude", "technologies", "mast_class"],
            parse: { row throws(CSVHeader.Problem) in
                let site = try TelecomCSV.site(row, operators: operators)
                guard !unitsWithin(site.unitCode, day).isEmpty else {
                    throw CSVHeader.Problem(
                        line: row.line, field: "unit_code", reason: "no administrative unit '\(site.unitCode)'")
                }
                return site
            },
            store: { batch, dryRun in
                let outcome = try await sites.importBatch(batch, dryRun: dryRun)
                return (outcome.added, outcome.updated, outcome.unchanged)
            })
    }

    public func importVillages(
        _ requests: RPCInbound<APIImportRequest>, context: ServerContext
    ) async throws -> APIImportResponse {
        let operators = sites.operators
        return try await runImport(
            requests, columns: TelecomCSV.villageColumns,
            required: ["code", "commune_code", "latitude", "longitude"],
            parse: { row throws(CSVHeader.Problem) in try TelecomCSV.village(row, operators: operators) },
            store: { batch, dryRun in
                let outcome = try await coverage.importVillages(batch, dryRun: dryRun)
                return (outcome.added, outcome.updated, outcome.unchanged)
            })
    }

    public func importCoverageDeclarations(
        _ requests: RPCInbound<APIImportRequest>, context: ServerContext
    ) async throws -> APIImportResponse {
        let operators = sites.operators
        return try await runImport(
            requests, columns: TelecomCSV.declarationColumns, required: TelecomCSV.declarationColumns,
            parse: { row throws(CSVHeader.Problem) in try TelecomCSV.declaration(row, operators: operators) },
            store: { batch, dryRun in
                let outcome = try await coverage.importDeclarations(batch, dryRun: dryRun)
                return (outcome.added, outcome.updated, outcome.unchanged)
            })
    }

    /// Sites (and villages) read at a time by an export.
    static let exportPageSize = 500

    public func exportSites(
        _ request: APIExportRequest, responses: RPCWriter<APIExportResponse>, context: ServerContext
    ) async throws {
        try await Self.export(TelecomCSV.siteColumns, to: responses, row: TelecomCSV.row) { last in
            try await sites.sites(after: last.map { ($0.operatorCode, $0.code) }, limit: Self.exportPageSize)
        }
    }
}

extension TelecomProvider {
    public func exportVillages(
        _ request: APIExportRequest, responses: RPCWriter<APIExportResponse>, context: ServerContext
    ) async throws {
        try await Self.export(TelecomCSV.villageColumns, to: responses, row: TelecomCSV.row) { last in
            try await coverage.villages(after: last?.code, limit: Self.exportPageSize)
        }
    }

    /// Writes a register as CSV in chunks of about 64 KiB, reading it a page at a time (each page
    /// the records after the last one written), so that what the export holds does not grow with
    /// the register.
    static func export<Record>(
        _ columns: [String], to responses: RPCWriter<APIExportResponse>, row: (Record) -> [String],
        page: (Record?) async throws -> [Record]
    ) async throws {
        var writer = CSVWriter()
        writer.write(columns)
        var records = try await page(nil)
        while let last = records.last {
            for record in records {
                writer.write(row(record))
                if writer.bytes.count >= 64 * 1024 { try await responses.write(APIExportResponse(data: writer.take())) }
            }
            guard records.count == exportPageSize else { break }
            records = try await page(last)
        }
        try await responses.write(APIExportResponse(data: writer.take()))
    }

    public func exportCoverage(
        _ request: APIExportRequest, responses: RPCWriter<APIExportResponse>, context: ServerContext
    ) async throws {
        var writer = CSVWriter()
        writer.write(TelecomCSV.declarationColumns + ["source", "site_code", "distance_m"])
        let effective = CoverageRecord.effective(try await coverage.latest()).sorted {
            ($0.villageCode, $0.operatorCode, $0.technology) < ($1.villageCode, $1.operatorCode, $1.technology)
        }
        for record in effective {
            writer.write([
                record.villageCode, record.operatorCode, record.technology.rawValue, record.covered ? "yes" : "no",
                record.asOf.description, record.source.rawValue, record.siteCode,
                record.distanceMetres.map { String(Int($0.rounded())) } ?? "",
            ])
            if writer.bytes.count >= 64 * 1024 { try await responses.write(APIExportResponse(data: writer.take())) }
        }
        try await responses.write(APIExportResponse(data: writer.take()))
    }
}
