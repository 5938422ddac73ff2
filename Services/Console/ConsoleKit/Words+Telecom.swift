import TelecomAPI

/// The post and telecom team's words for what the telecom service names in codes.
extension Words {
    static let siteStatuses: [(APISiteStatus, String, String)] = [
        (.proposed, "proposed", "Đề xuất"), (.locationChecked, "checked", "Đã thẩm định vị trí"),
        (.built, "built", "Đã xây dựng"), (.onAir, "on-air", "Đang phát sóng"),
        (.decommissioned, "decommissioned", "Đã dỡ bỏ"),
    ]

    static func siteStatus(_ status: APISiteStatus) -> String {
        siteStatuses.first { $0.0 == status }?.2 ?? "Chưa rõ"
    }

    /// The operators' names as officers write them, for the codes the telecom service keeps (its
    /// default list); an operator an administrator added is shown by its code.
    static let operatorNames: [String: String] = [
        "viettel": "Viettel", "vnpt": "VNPT (VinaPhone)", "mobifone": "MobiFone", "vietnamobile": "Vietnamobile",
        "gmobile": "Gmobile", "fpt": "FPT Telecom", "cmc": "CMC Telecom", "sctv": "SCTV",
        "vnpost": "Bưu điện Việt Nam (VNPost)", "viettelpost": "Viettel Post",
    ]

    static func operatorName(_ code: String) -> String { operatorNames[code.lowercased()] ?? code }

    /// The mobile networks, whose base stations the sites register holds, for its filter.
    static let mobileOperators = ["viettel", "vnpt", "mobifone", "vietnamobile", "gmobile"]

    static func outcome(_ check: APIPlanCheck?) -> String {
        switch check?.outcome {
        case .conforming?: "Phù hợp quy hoạch"
        case .nonConforming?: "Không phù hợp quy hoạch"
        case .needsConversion?: "Phải chuyển đổi loại cột"
        default: "Chưa đối chiếu"
        }
    }

    static func technology(_ technology: APITechnology) -> String {
        switch technology {
        case ._2G: "2G"
        case ._3G: "3G"
        case ._4G: "4G"
        case ._5G: "5G"
        default: "?"
        }
    }

    static let radioStates: [(APIRadioState, String, String)] = [
        (.operatingWell, "well", "Hoạt động tốt"), (.operating, "operating", "Hoạt động"),
        (.notOperating, "not-operating", "Không hoạt động"),
    ]

    static func radioState(_ state: APIRadioState) -> String {
        radioStates.first { $0.0 == state }?.2 ?? "Chưa báo cáo"
    }

    static func radioKind(_ kind: APIRadioKind) -> String {
        switch kind {
        case .wired: "Truyền thanh có dây"
        case .fmWireless: "Truyền thanh không dây (FM)"
        case .itTelecom: "Ứng dụng CNTT - viễn thông"
        default: "Chưa rõ"
        }
    }
}
