import CommonAPI
import DXAPI
import Foundation
import Hummingbird
import LicensingAPI
import RPCCore
import TelecomAPI

// The registers as CSV files, in the format their imports read: what an officer keeps in a
// spreadsheet, sends on, or loads into another deployment.
extension Console {
    /// An export is a long call: a register of 100,000 licences is some 32 MiB of CSV.
    static let exportTimeout = Duration.seconds(600)

    /// Spreadsheets take a CSV for UTF-8 (Vietnamese letters intact) only when it starts with the
    /// byte order mark; the imports read past it.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The licence register, of one kind when the register page shows one.
    func downloadLicences(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("reader", in: "licensing", request, context)
        let kind = Words.kinds.first { $0.1 == FormData(request.uri.query ?? "")["kind"] }
        let client = APILicensingService.Client(Upstreams.client(upstreams.licensing, as: session.credential))
        let exportRequest = APIExportLicencesRequest(kind: kind?.0 ?? .unspecified)
        return await csvDownload(
            name: "so-giay-phep" + (kind.map { "-" + $0.1 } ?? ""), back: "/giay-phep", context: context
        ) { send in
            try await client.exportLicences(exportRequest, options: CallOptions(timeout: Self.exportTimeout)) {
                responses in
                for try await response in responses { try await send(response.data) }
            }
        }
    }

    /// Every BTS site, with its operator, position and plan check.
    func downloadSites(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("reader", in: "telecom", request, context)
        let client = telecomClient(session)
        return await csvDownload(name: "tram-bts", back: "/vien-thong", context: context) { send in
            try await client.exportSites(APIExportRequest(), options: CallOptions(timeout: Self.exportTimeout)) {
                responses in
                for try await response in responses { try await send(response.data) }
            }
        }
    }

    /// The current figures of the periods inside the one the plan page shows (a quarter holds its
    /// months), every indicator.
    func downloadFigures(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireRole("reader", in: "dx", request, context)
        let text = FormData(request.uri.query ?? "").trimmed("period")
        guard let period = Self.period(text) else {
            return message(
                "Không tải được số liệu", "Kỳ “\(text)” không hợp lệ: viết 2023-Q1, 2023-03, 2023-H1 hoặc 2023.",
                back: "/chi-tieu", context: context, status: .badRequest)
        }
        let (from, through) = Self.days(of: period)
        let client = dxClient(session)
        let exportRequest = APIExportMeasurementsRequest(from: from, through: through)
        let name = "so-lieu-chi-tieu-" + Self.text(of: period)
        return await csvDownload(name: name, back: "/chi-tieu", context: context) { send in
            try await client.exportMeasurements(exportRequest, options: CallOptions(timeout: Self.exportTimeout)) {
                responses in
                for try await response in responses { try await send(response.data) }
            }
        }
    }

    /// A CSV file named `name` and today's date, relayed from `call` as the service sends it, or a
    /// page that says why not when the call fails before its first chunk.
    func csvDownload(
        name: String, back: String, context: ConsoleContext,
        _ call: @escaping @Sendable (_ send: @escaping @Sendable ([UInt8]) async throws -> Void) async throws -> Void
    ) async -> Response {
        do {
            let relay = try await DownloadRelay(call)
            let today = Calendar(identifier: .gregorian).dateComponents(
                in: TimeZone(secondsFromGMT: 7 * 3600)!, from: Foundation.Date())
            let day = String(format: "%04d-%02d-%02d", today.year ?? 2000, today.month ?? 1, today.day ?? 1)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8",
                    .contentDisposition: "attachment; filename=\"\(name)-\(day).csv\"", .cacheControl: "no-store",
                ],
                body: relay.body(prefix: Self.byteOrderMark))
        } catch {
            return message(
                "Không tải được tệp", RefusalText(error).message, back: back, context: context,
                status: Self.status(of: error))
        }
    }

    /// `period` as the plan page writes it (2023-Q1, 2023-H1, 2023-03, 2023), from its parts
    /// alone: what names a file is never the text a caller sent.
    static func text(of period: Period) -> String {
        switch period.kind {
        case .quarter: "\(period.year)-Q\(period.index)"
        case .halfYear: "\(period.year)-H\(period.index)"
        case .month: "\(period.year)-" + (period.index < 10 ? "0" : "") + "\(period.index)"
        default: "\(period.year)"
        }
    }

    /// The first and last days of `period`.
    static func days(of period: Period) -> (CommonAPI.Date, CommonAPI.Date) {
        let (first, last): (Int32, Int32) =
            switch period.kind {
            case .month: (period.index, period.index)
            case .quarter: (period.index * 3 - 2, period.index * 3)
            case .halfYear: (period.index * 6 - 5, period.index * 6)
            default: (1, 12)
            }
        let year = period.year
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths: [Int32] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (
            CommonAPI.Date(year: year, month: first, day: 1),
            CommonAPI.Date(year: year, month: last, day: lengths[Int(min(max(last, 1), 12)) - 1])
        )
    }
}
