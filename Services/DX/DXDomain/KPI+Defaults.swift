extension KPI {
    /// The plan of Bắc Kạn's department for 2023, as its Q1/2023 report lists it: eleven
    /// indicators with the targets of Decisions 2388/QĐ-UBND (10/12/2022) and 2519/QĐ-UBND
    /// (23/12/2022). Seven are computed by the telecom service; the online-service, online-dossier
    /// and online-meeting rates and the provincial DTI are measured here. After them, the other
    /// rates of the domain notes, measured but without a target yet. Results are printed as the
    /// plan states them, in whole numbers; the DTI target as "≥ 2". Loaded once as editable
    /// defaults.
    public static let defaults: [KPI] = {
        let decision = "2388/QĐ-UBND, 2519/QĐ-UBND"
        func target(_ value: Double, _ text: String = "") -> [Int: Target] {
            [2023: Target(value: value, decision: decision, text: text)]
        }
        let rate = Computation.measured(hasDenominator: true, percentage: true)
        return [
            KPI(
                code: "telecom.communes_with_operating_radio",
                name: "Số xã, phường có trạm truyền thanh cơ sở hoạt động",
                unit: "Xã, phường",
                computation: .external(service: "telecom", code: "telecom.communes_with_operating_radio"),
                overTime: .latest, order: 1, targets: target(105), decimals: 0),
            KPI(
                code: "telecom.radio_operating_well_rate",
                name: "Tỷ lệ xã, phường có trạm truyền thanh cơ sở hoạt động tốt", unit: "%",
                computation: .external(service: "telecom", code: "telecom.radio_operating_well_rate"),
                overTime: .latest,
                order: 2, targets: target(90), decimals: 0),
            KPI(
                code: "telecom.radio_it_telecom_rate",
                name: "Tỷ lệ xã, phường, thị trấn có đài truyền thanh ứng dụng công nghệ thông tin và viễn thông",
                unit: "%", computation: .external(service: "telecom", code: "telecom.radio_it_telecom_rate"),
                overTime: .latest, order: 3, targets: target(100), decimals: 0),
            KPI(
                code: "telecom.village_broadband_coverage",
                name: "Tỷ lệ phủ sóng thông tin di động 3G, 4G tại thôn, bản, tổ dân phố trên địa bàn tỉnh", unit: "%",
                computation: .external(service: "telecom", code: "telecom.village_broadband_coverage"),
                overTime: .latest, order: 4, targets: target(97), decimals: 0),
            KPI(
                code: "telecom.town_centre_5g_coverage",
                name: "Tỷ lệ phủ sóng thông tin di động 5G tại các trung tâm thị trấn, thành phố trên địa bàn tỉnh",
                unit: "%", computation: .external(service: "telecom", code: "telecom.town_centre_5g_coverage"),
                overTime: .latest, order: 5, targets: target(10), decimals: 0),
            KPI(
                code: "telecom.urban_underground_ratio",
                name: "Tỷ lệ ngầm hóa mạng cáp viễn thông tại các khu đô thị trên địa bàn tỉnh", unit: "%",
                computation: .external(service: "telecom", code: "telecom.urban_underground_ratio"), overTime: .latest,
                order: 6, targets: target(25), decimals: 0),
            KPI(
                code: "telecom.staffed_postal_point_rate", name: "Tỷ lệ các điểm bưu chính có người phục vụ", unit: "%",
                computation: .external(service: "telecom", code: "telecom.staffed_postal_point_rate"),
                overTime: .latest, order: 7, targets: target(100), decimals: 0),
            KPI(
                code: "dx.full_process_online_service_rate", name: "Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình",
                unit: "%", computation: rate, overTime: .latest, order: 8, targets: target(70), decimals: 0),
            KPI(
                code: "dx.online_dossier_rate",
                name: "Tỷ lệ hồ sơ giải quyết dịch vụ công trực tuyến trên tổng số hồ sơ phát sinh", unit: "%",
                computation: rate, order: 9, targets: target(25), decimals: 0),
            KPI(
                code: "dx.online_meeting_rate",
                name: "Tỷ lệ cuộc họp cấp ủy, chính quyền, đoàn thể (trừ cuộc họp mật) được tổ chức trực tuyến",
                unit: "%", computation: rate, order: 10, targets: target(40), decimals: 0),
            KPI(
                code: "dx.provincial_dti_tier", name: "Chỉ số chuyển đổi số cấp tỉnh", unit: "Bậc",
                direction: .higherIsBetter,
                computation: .measured(hasDenominator: false, percentage: false), overTime: .latest, order: 11,
                targets: target(2, "≥ 2"), decimals: 0),
            KPI(
                code: "dx.on_time_rate", name: "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", unit: "%",
                computation: rate, order: 101),
            KPI(
                code: "dx.online_payment_rate", name: "Tỷ lệ hồ sơ thanh toán trực tuyến phí, lệ phí", unit: "%",
                computation: rate, order: 102),
            KPI(
                code: "dx.digitisation_rate", name: "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
                unit: "%", computation: rate, order: 103),
            KPI(
                code: "dx.electronic_document_rate", name: "Tỷ lệ văn bản đi được gửi dưới dạng điện tử", unit: "%",
                computation: rate, order: 104),
        ]
    }()
}
