import CodecBenchMessages
import EchoContract

/// The messages measured, built with our types. The peer's copies are decoded from these bytes, so
/// both sides encode and decode exactly the same content.
enum Fixtures {
    static func licence() -> Licence {
        let holder = Organisation(
            name: "Công ty TNHH Truyền thông Bắc Kạn", taxCode: "4700123456",
            address: "Số 12, đường Trường Chinh, phường Đức Xuân, thành phố Bắc Kạn", unitCode: "058",
            contactPerson: "Nguyễn Thị Hương", phone: "0209 3870 123")
        let versions = (1...3).map { (number: Int) -> LicenceVersion in
            let effective = Date(year: Int32(2019 + number), month: 3, day: 15)
            return LicenceVersion(
                versionNo: Int32(number), effectiveDate: effective,
                reason: number == 1 ? "Cấp mới" : "Sửa đổi, bổ sung nội dung trang thông tin điện tử tổng hợp",
                decisionNo: "\(100 + number)/GP-STTTT",
                content: WebsiteContent(
                    domainNames: ["backanmedia.vn", "www.backanmedia.vn"],
                    serverLocation: "Trung tâm dữ liệu Viettel IDC, Hà Nội",
                    sections: ["Tin tức", "Kinh tế", "Văn hóa - Xã hội", "Du lịch"],
                    responsiblePerson: "Trần Văn Minh", newsSources: ["Báo Bắc Kạn", "Cổng thông tin điện tử tỉnh"]),
                validUntil: Date(year: 2029, month: 3, day: 14))
        }
        let kinds: [LicenceEventKind] = [.issue, .amend, .amend, .extend, .suspend]
        let events = (1...5).map { (number: Int) -> LicenceEvent in
            let year = Int32(2019 + number)
            let date = Date(year: year, month: 3, day: 15)
            return LicenceEvent(
                kind: kinds[number - 1], date: date, decisionNo: "\(200 + number)/QĐ-STTTT",
                note: "Theo hồ sơ số \(1000 + number)", resultingVersion: Int32(min(number, 3)),
                officer: "Phòng Thông tin - Báo chí - Xuất bản")
        }
        return Licence(
            id: "lic-000123", licenceNo: "12/GP-STTTT", licenceType: "website", status: .active, holder: holder,
            issueDate: Date(year: 2020, month: 3, day: 15), validUntil: Date(year: 2030, month: 3, day: 14),
            versions: versions, events: events, procedureCode: "1.003868",
            attributes: ["channel": "online", "fee_paid_online": "true"], feeVnd: 1_500_000, revision: 7)
    }

    static func sites() -> BtsSiteList {
        let operators = ["VNPT", "VIETTEL", "MOBIFONE"]
        let sites = (0..<500).map { (index: Int) -> BtsSite in
            let technologies: [Technology] = index % 4 == 0 ? [._2G, ._3G, ._4G] : [._4G]
            let onAir = Date(year: Int32(2015 + index % 8), month: Int32(1 + index % 12), day: 1)
            let latitude = 22.0 + Double(index % 97) * 0.01
            let longitude = 105.5 + Double(index % 89) * 0.01
            return BtsSite(
                siteCode: "BKN-\(operators[index % 3])-\(1000 + index)", operatorCode: operators[index % 3],
                unitCode: String(1840 + index % 108), address: "Thôn Nà Pài, xã Dương Quang \(index)",
                latitude: latitude, longitude: longitude, technologies: technologies,
                mastHeightM: 30 + Float(index % 20),
                shared: index % 5 == 0, tenants: index % 5 == 0 ? ["VIETTEL"] : [], status: .onAir,
                onAirDate: onAir,
                revision: Int64(index))
        }
        return BtsSiteList(sites: sites, nextPageToken: "", totalSize: 500)
    }

    /// The ~134-byte Echo `Get` request of the shared benchmark contract.
    static func echo() -> EchoRequest {
        EchoRequest(
            text: "Báo cáo kết quả thực hiện nhiệm vụ quý I năm 2023 của Sở Thông tin và Truyền",
            id: 20_230_331, values: [1, 2, 3, 5, 8, 13, 21, 34, 55, 89], meta: Meta(name: "dic-bench", version: 2))
    }
}
