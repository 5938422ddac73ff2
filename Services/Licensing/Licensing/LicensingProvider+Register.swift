import CSV
import CommonAPI
import LicensingAPI
import LicensingDomain
import RPCCore

// The register as CSV: a streamed import, and a streamed export that reads back the same.
extension LicensingProvider {
    /// Licences stored per transaction: large enough that a 100,000-licence register does not
    /// pay per-transaction costs, small enough that memory stays flat whatever the file's size.
    static let importBatchSize = 500

    public func importLicences(
        _ requests: RPCInbound<APIImportLicencesRequest>, context: ServerContext
    ) async throws -> APIImportLicencesResponse {
        var reader = LicenceImport(rules: self.store.rules)
        var response = APIImportLicencesResponse()
        var first = true
        var batch: [LicenceImport.Built] = []
        let holders = ImportHolders()
        func store(_ built: [LicenceImport.Built]) async throws {
            let outcome = try await self.store.importBatch(
                built, holders: holders, dryRun: response.dryRun, knownUnit: knownUnit)
            response.licencesImported += Int64(outcome.imported)
            response.licencesAlreadyRecorded += Int64(outcome.alreadyRecorded)
            response.organisationsCreated += Int64(outcome.organisationsCreated)
            for refusal in outcome.refusals {
                reader.refuse(line: refusal.line, field: refusal.field, reason: refusal.reason)
            }
        }
        for try await request in requests {
            if first {
                response.dryRun = request.dryRun
                first = false
            }
            batch += reader.feed(request.data)
            if batch.count >= Self.importBatchSize {
                try await store(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        batch += reader.finish()
        if !batch.isEmpty { try await store(batch) }
        if !response.dryRun, response.licencesImported > 0 {
            // Imported histories may have ended since their last row: expiries are recorded now.
            _ = try await self.store.catchUp(to: today())
        }
        if !response.dryRun, response.licencesImported + response.organisationsCreated >= Self.importBatchSize {
            // A commit per batch left the search indexes in as many segments, which every search
            // would walk; merged once here. A small import is not worth rewriting the indexes for.
            // Should the merge fail, the batches stay stored, and the file sent again adds nothing.
            try await self.store.optimizeSearch()
        }
        response.rows = Int64(reader.rows)
        response.licencesRefused = Int64(reader.refused)
        response.problems = reader.problems.map {
            APIImportProblem(line: Int64($0.line), field: $0.field, reason: $0.reason)
        }
        response.problemsTotal = Int64(reader.problemsTotal)
        if reader.fatal, let problem = reader.problems.last {
            // Nothing past a header or syntax error was read: the file itself is wrong.
            throw RPCError(
                .invalidArgument,
                "data: line \(problem.line): \(problem.field.isEmpty ? "" : problem.field + ": ")\(problem.reason)")
        }
        return response
    }

    public func exportLicences(
        _ request: APIExportLicencesRequest, responses: RPCWriter<APIExportLicencesResponse>, context: ServerContext
    ) async throws {
        let kind = request.kind == .unspecified ? nil : try LicenceKind(wire: request.kind, field: "kind")
        var writer = CSVWriter()
        writer.write(LicenceRegister.columns)
        var after: LicenceStore.ExportPosition?
        while true {
            let (page, end) = try await store.exportPage(kind: kind, after: after, limit: 500)
            for (stored, holder) in page {
                for row in LicenceRegister.rows(of: stored.licence, holder: holder) { writer.write(row) }
            }
            if writer.bytes.count >= 64 * 1024 || end == nil {
                try await responses.write(APIExportLicencesResponse(data: writer.take()))
            }
            guard let end else { break }
            after = end
        }
    }
}
