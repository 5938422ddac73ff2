import AdminUnits
import CSV
import CalendarDates
import CommonAPI
import DXAPI
import DXDomain
import Foundation
import Indicators
import RPCCore

// Figures from and to CSV.
extension DXProvider {
    static let measurementColumns = ["indicator_code", "unit_code", "period", "numerator", "denominator"]

    public func importMeasurements(
        _ requests: RPCInbound<APIImportMeasurementsRequest>, context: ServerContext
    ) async throws -> APIImportMeasurementsResponse {
        let plan = Dictionary(uniqueKeysWithValues: try await kpis.all().map { ($0.code, $0) })
        let units = registry()
        let today = today()
        let enteredBy = context.principal ?? "anonymous"
        var reader = CSVImport(columns: Self.measurementColumns, required: Self.measurementColumns) {
            row throws(CSVHeader.Problem) -> KPIMeasurement in
            let code = try row.required("indicator_code")
            guard let kpi = plan[code] else {
                throw CSVHeader.Problem(
                    line: row.line, field: "indicator_code", reason: "no indicator '\(code)' in the plan")
            }
            let unit = try row.required("unit_code")
            guard units.unit(unit) != nil else {
                throw CSVHeader.Problem(line: row.line, field: "unit_code", reason: "no administrative unit '\(unit)'")
            }
            let text = try row.required("period")
            guard let period = ReportingPeriod(text: text) else {
                throw CSVHeader.Problem(
                    line: row.line, field: "period", reason: "'\(text)' is not 2023-Q1, 2023-03, 2023-H1 or 2023")
            }
            guard period.start <= today else {
                throw CSVHeader.Problem(line: row.line, field: "period", reason: "\(text) has not begun")
            }
            let denominator = row.text("denominator").isEmpty ? nil : try row.double("denominator")
            let measurement = KPIMeasurement(
                indicatorCode: code, unitCode: unit, period: period, numerator: try row.double("numerator"),
                denominator: denominator, source: .imported, enteredBy: enteredBy)
            do throws(DXError) {
                try measurement.validate(for: kpi)
            } catch {
                throw CSVHeader.Problem(line: row.line, field: error.field, reason: error.rule)
            }
            return measurement
        }
        var response = APIImportMeasurementsResponse()
        try await reader.read(requests, bytes: \.data, first: { response.dryRun = $0.dryRun }) { batch in
            let revisions = try await measurements.record(
                batch, at: Int64(Foundation.Date().timeIntervalSince1970 * 1000), skippingUnchanged: true,
                dryRun: response.dryRun)
            response.recorded += Int64(revisions.filter { $0 != nil }.count)
            response.unchanged += Int64(revisions.filter { $0 == nil }.count)
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

    public func exportMeasurements(
        _ request: APIExportMeasurementsRequest, responses: RPCWriter<APIExportMeasurementsResponse>,
        context: ServerContext
    ) async throws {
        let from = try CalendarDate.optional(request.from, field: "from")
        let through = try CalendarDate.optional(request.through, field: "through")
        var writer = CSVWriter()
        writer.write(Self.measurementColumns)
        var after: MeasurementStore.ExportPosition?
        while true {
            let (page, end) = try await measurements.exportPage(
                indicator: request.indicatorCode, from: from, through: through, after: after, limit: 500)
            for measurement in page {
                writer.write([
                    measurement.indicatorCode, measurement.unitCode, measurement.period.text,
                    Self.decimal(measurement.numerator), measurement.denominator.map(Self.decimal) ?? "",
                ])
            }
            if writer.bytes.count >= 64 * 1024 || end == nil {
                try await responses.write(APIExportMeasurementsResponse(data: writer.take()))
            }
            guard let end else { break }
            after = end
        }
    }

    /// Whole numbers without ".0", so a spreadsheet shows what the unit reported.
    static func decimal(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
