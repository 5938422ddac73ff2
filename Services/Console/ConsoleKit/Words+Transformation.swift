import DXAPI

/// The digital-transformation team's words for what the DX service names in codes.
extension Words {
    static let taskStatuses: [(APITaskStatus, String, String)] = [
        (.inProgress, "in-progress", "Đang thực hiện"), (.overdue, "overdue", "Quá hạn"),
        (.doneOnTime, "done", "Hoàn thành đúng hạn"), (.doneLate, "done-late", "Hoàn thành chậm"),
    ]

    static func taskStatus(_ status: APITaskStatus) -> String {
        taskStatuses.first { $0.0 == status }?.2 ?? "Chưa rõ"
    }

    static func securityDossierStatus(_ status: APIDossierStatus) -> String {
        switch status {
        case .notStarted: "Chưa xây dựng"
        case .drafting: "Đang xây dựng"
        case .submitted: "Đã trình thẩm định"
        case .reviewed: "Đã thẩm định"
        case .approved: "Đã phê duyệt"
        default: "Chưa rõ"
        }
    }

    static func source(_ source: APIMeasurementSource) -> String {
        switch source {
        case .reported: "Nhập trên hệ thống"
        case .imported: "Nhập từ tệp"
        case .computed: "Tính tự động"
        default: "Khác"
        }
    }
}
