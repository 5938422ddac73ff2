// The administrative units of Bắc Kạn province as of 2023, shipped so the system works out of the
// box for the province the product was first built for.
//
// What is verified (../shared/domain.md section 5): 1 city and 7 districts with these names, 108
// commune-level units, 1,292 villages. What is not: the commune names below are recalled, not
// checked against an official list, the district codes are the statistics office codes as
// recalled, commune codes are unknown (left empty rather than invented), valid_from is set early
// enough to cover 2023 rather than to the day, and village names are placeholders (see
// BacKan2023.villages). Each row says which in its `source`. An official list replaces all of it
// through the CSV import, which also brings the 2025 reorganisation.
enum BacKan2023 {
    static let csv = """
        code,official_code,name,level,parent_code,valid_from,valid_to,placeholder,source
        06,06,Tỉnh Bắc Kạn,province,,2020-01-01,,false,"name verified (domain notes); official code recalled, unverified"
        06.058,058,Thành phố Bắc Kạn,district,06,2020-01-01,,false,"name verified (domain notes); official code recalled, unverified"
        06.058.01,,Phường Đức Xuân,commune,06.058,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.058.02,,Phường Nguyễn Thị Minh Khai,commune,06.058,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.058.03,,Phường Sông Cầu,commune,06.058,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.058.04,,Phường Phùng Chí Kiên,commune,06.058,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.058.05,,Phường Huyền Tụng,commune,06.058,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.058.06,,Phường Xuất Hóa,commune,06.058,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.058.07,,Xã Dương Quang,commune,06.058,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.058.08,,Xã Nông Thượng,commune,06.058,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.060,060,Huyện Pác Nặm,district,06,2020-01-01,,false,"name verified (domain notes); official code recalled, unverified"
        06.060.01,,Xã Bộc Bố,commune,06.060,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.060.02,,Xã Bằng Thành,commune,06.060,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.060.03,,Xã Nhạn Môn,commune,06.060,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.060.04,,Xã Giáo Hiệu,commune,06.060,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.060.05,,Xã Xuân La,commune,06.060,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.060.06,,Xã An Thắng,commune,06.060,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.060.07,,Xã Công Bằng,commune,06.060,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.060.08,,Xã Nghiên Loan,commune,06.060,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.060.09,,Xã Cao Tân,commune,06.060,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.060.10,,Xã Cổ Linh,commune,06.060,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061,061,Huyện Ba Bể,district,06,2020-01-01,,false,"name verified (domain notes); official code recalled, unverified"
        06.061.01,,Thị trấn Chợ Rã,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.02,,Xã Bành Trạch,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.03,,Xã Cao Thượng,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.04,,Xã Chu Hương,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.05,,Xã Địa Linh,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.06,,Xã Đồng Phúc,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.07,,Xã Hà Hiệu,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.08,,Xã Hoàng Trĩ,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.09,,Xã Khang Ninh,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.10,,Xã Mỹ Phương,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.11,,Xã Nam Mẫu,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.12,,Xã Phúc Lộc,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.13,,Xã Quảng Khê,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.14,,Xã Thượng Giáo,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.061.15,,Xã Yến Dương,commune,06.061,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.062,062,Huyện Ngân Sơn,district,06,2020-01-01,,false,"name verified (domain notes); official code recalled, unverified"
        06.062.01,,Thị trấn Nà Phặc,commune,06.062,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.062.02,,Xã Bằng Vân,commune,06.062,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.062.03,,Xã Cốc Đán,commune,06.062,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.062.04,,Xã Đức Vân,commune,06.062,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.062.05,,Xã Hiệp Lực,commune,06.062,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.062.06,,Xã Thuần Mang,commune,06.062,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.062.07,,Xã Thượng Ân,commune,06.062,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.062.08,,Xã Thượng Quan,commune,06.062,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.062.09,,Xã Trung Hòa,commune,06.062,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.062.10,,Xã Vân Tùng,commune,06.062,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063,063,Huyện Bạch Thông,district,06,2020-01-01,,false,"name verified (domain notes); official code recalled, unverified"
        06.063.01,,Thị trấn Phủ Thông,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063.02,,Xã Cao Sơn,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063.03,,Xã Cẩm Giàng,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063.04,,Xã Đôn Phong,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063.05,,Xã Dương Phong,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063.06,,Xã Lục Bình,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063.07,,Xã Mỹ Thanh,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063.08,,Xã Nguyên Phúc,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063.09,,Xã Quân Hà,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063.10,,Xã Quang Thuận,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063.11,,Xã Sĩ Bình,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063.12,,Xã Tân Tú,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063.13,,Xã Vi Hương,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.063.14,,Xã Vũ Muộn,commune,06.063,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064,064,Huyện Chợ Đồn,district,06,2020-01-01,,false,"name verified (domain notes); official code recalled, unverified"
        06.064.01,,Thị trấn Bằng Lũng,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.02,,Xã Bản Thi,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.03,,Xã Bằng Lãng,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.04,,Xã Bằng Phúc,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.05,,Xã Bình Trung,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.06,,Xã Đại Sảo,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.07,,Xã Đồng Thắng,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.08,,Xã Đồng Lạc,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.09,,Xã Lương Bằng,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.10,,Xã Nam Cường,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.11,,Xã Nghĩa Tá,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.12,,Xã Ngọc Phái,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.13,,Xã Phương Viên,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.14,,Xã Quảng Bạch,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.15,,Xã Tân Lập,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.16,,Xã Xuân Lạc,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.17,,Xã Yên Mỹ,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.18,,Xã Yên Phong,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.19,,Xã Yên Thịnh,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.064.20,,Xã Yên Thượng,commune,06.064,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065,065,Huyện Chợ Mới,district,06,2020-01-01,,false,"name verified (domain notes); official code recalled, unverified"
        06.065.01,,Thị trấn Đồng Tâm,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065.02,,Xã Bình Văn,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065.03,,Xã Cao Kỳ,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065.04,,Xã Hòa Thành,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065.05,,Xã Mai Lạp,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065.06,,Xã Như Cố,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065.07,,Xã Nông Hạ,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065.08,,Xã Quảng Chu,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065.09,,Xã Tân Sơn,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065.10,,Xã Thanh Mai,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065.11,,Xã Thanh Thịnh,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065.12,,Xã Thanh Vận,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065.13,,Xã Yên Cư,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.065.14,,Xã Yên Hân,commune,06.065,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066,066,Huyện Na Rì,district,06,2020-01-01,,false,"name verified (domain notes); official code recalled, unverified"
        06.066.01,,Thị trấn Yến Lạc,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.02,,Xã Côn Minh,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.03,,Xã Cư Lễ,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.04,,Xã Cường Lợi,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.05,,Xã Dương Sơn,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.06,,Xã Đổng Xá,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.07,,Xã Kim Hỷ,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.08,,Xã Kim Lư,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.09,,Xã Lạng San,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.10,,Xã Liêm Thủy,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.11,,Xã Quang Phong,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.12,,Xã Sơn Thành,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.13,,Xã Trần Phú,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.14,,Xã Văn Lang,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.15,,Xã Văn Minh,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.16,,Xã Văn Vũ,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        06.066.17,,Xã Xuân Dương,commune,06.066,2020-01-01,,false,"name recalled, unverified; official code unknown"
        """

    /// Villages: 1,292 in all (verified), spread over the communes as evenly as the total allows
    /// (12 each, the last 4 communes 11), named as placeholders until the real lists are imported.
    static func villages(of communes: [AdminUnitRecord]) -> [AdminUnitRecord] {
        let total = 1_292
        var result: [AdminUnitRecord] = []
        let ordered = communes.sorted { $0.code < $1.code }
        for (index, commune) in ordered.enumerated() {
            let remaining = total - result.count
            let communesLeft = ordered.count - index
            let count = (remaining + communesLeft - 1) / communesLeft
            for number in 1...count {
                let suffix = number < 10 ? "0\(number)" : "\(number)"
                result.append(
                    AdminUnitRecord(
                        code: "\(commune.code).v\(suffix)", name: "Thôn \(number) (tên tạm)", level: .village,
                        parentCode: commune.code, validFrom: commune.validFrom, placeholder: true,
                        source: "placeholder: village names and per-commune counts not yet imported"))
            }
        }
        return result
    }
}
