import CommonAPI
import Foundation
import Hummingbird
import LicensingAPI
import RPCCore

extension Console {
    /// A register file is a few megabytes at most; more is refused before it is read.
    static let importLimit = 8 << 20

    func importForm(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        guard session.may("editor", in: "licensing") else {
            return message(
                "Không có quyền", "Nhập sổ giấy phép cần vai trò cập nhật của dịch vụ cấp phép.", back: "/giay-phep",
                context: context, status: .forbidden)
        }
        return page(
            "import", title: "Nhập sổ giấy phép", values: ["csrf": sessions.csrfToken(for: session)], context: context,
            nav: "Licences")
    }

    /// Sends the file to the licensing service's import and shows each refused line with its field
    /// and reason, as the service gives them.
    func importLicences(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let session = try requireSession(request, context)
        let form: MultipartForm
        do {
            form = try await MultipartForm.read(request, limit: Self.importLimit)
        } catch let refused as MultipartForm.Refused {
            return message(
                "Không nhập được", "Tệp không hợp lệ: \(refused.reason).", back: "/giay-phep/nhap", context: context,
                status: .badRequest)
        }
        guard sessions.checkCSRF(form.fields["csrf"] ?? "", for: session) else { throw FormRefused() }
        var values: [String: Any] = ["csrf": sessions.csrfToken(for: session)]
        guard let file = form.files["file"], !file.isEmpty else {
            return page(
                "import", title: "Nhập sổ giấy phép", values: values, context: context, nav: "Licences",
                error: "Chọn một tệp CSV để nhập.", status: .badRequest)
        }
        let dryRun = form.fields["dryRun"] == "1"
        do {
            let response = try await licensingClient(session).importLicences(
                options: CallOptions(timeout: .seconds(600), compression: .gzip)
            ) { writer in
                var offset = 0
                repeat {
                    let end = min(offset + (256 << 10), file.count)
                    try await writer.write(APIImportLicencesRequest(data: Array(file[offset..<end]), dryRun: dryRun))
                    offset = end
                } while offset < file.count
            }.message
            values["result"] = [
                "rows": response.rows, "imported": response.licencesImported,
                "already": response.licencesAlreadyRecorded,
                "refused": response.licencesRefused, "dryRun": response.dryRun,
                "hasProblems": !response.problems.isEmpty,
                "problems": response.problems.map { ["line": $0.line, "field": $0.field, "reason": $0.reason] },
            ]
            let notice = response.licencesRefused == 0 ? "Đã đọc xong tệp." : nil
            return page(
                "import", title: "Nhập sổ giấy phép", values: values, context: context, nav: "Licences",
                notice: notice, error: response.licencesRefused > 0 ? "Có dòng bị từ chối; xem bảng dưới đây." : nil)
        } catch {
            return page(
                "import", title: "Nhập sổ giấy phép", values: values, context: context, nav: "Licences",
                error: RefusalText(error).message, status: Self.status(of: error))
        }
    }
}
