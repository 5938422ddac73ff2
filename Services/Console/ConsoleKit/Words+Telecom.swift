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

    /// Metres as officers read them: "850 m", "2,4 km".
    static func distance(_ metres: Double) -> String {
        guard metres.isFinite, metres >= 0 else { return "" }
        if metres < 1000 { return "\(Int(metres.rounded())) m" }
        let tenths = Int((metres / 100).rounded())
        return "\(tenths / 10),\(tenths % 10) km"
    }

    /// A measurement as Vietnamese writes it: a decimal comma, at most two decimals, no trailing
    /// zeros ("99", "99,5").
    static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        let hundredths = Int64((value * 100).rounded())
        let whole = count(hundredths / 100)
        var fraction = String(abs(hundredths % 100))
        if fraction.count == 1 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let sign = hundredths < 0 && hundredths / 100 == 0 ? "-" : ""
        return sign + whole + (fraction.isEmpty ? "" : "," + fraction)
    }

    /// Đồng with dots between thousands, as Vietnamese documents write sums.
    static func money(_ amount: Int64) -> String { count(amount) + " đ" }

    /// A whole number with dots between thousands: "12.345".
    static func count(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(".") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }
}
