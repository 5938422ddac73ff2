/// What kind of unit it is within its level: a commune-level unit is a xã, a phường or a thị trấn,
/// and a figure "of communes, wards and townships" or "of rural communes" needs to tell them apart.
public enum AdminUnitKind: String, Sendable, Hashable, CaseIterable {
    case province = "tinh"
    case centralCity = "thanh_pho_truc_thuoc_trung_uong"
    case provincialCity = "thanh_pho"
    case town = "thi_xa"
    case urbanDistrict = "quan"
    case district = "huyen"
    case commune = "xa"
    case ward = "phuong"
    case township = "thi_tran"
    case village = "thon"
    case hamlet = "ban"
    case residentialGroup = "to_dan_pho"

    /// The kind a Vietnamese name begins with ("Xã Đồng Lạc", "Thị trấn Chợ Rã"), when it does.
    public init?(name: String) {
        let prefixes: [(String, AdminUnitKind)] = [
            ("Tỉnh ", .province), ("Thành phố ", .provincialCity), ("Thị xã ", .town), ("Quận ", .urbanDistrict),
            ("Huyện ", .district), ("Xã ", .commune), ("Phường ", .ward), ("Thị trấn ", .township),
            ("Thôn ", .village), ("Bản ", .hamlet), ("Tổ dân phố ", .residentialGroup), ("Tổ ", .residentialGroup),
        ]
        guard let match = prefixes.first(where: { name.hasPrefix($0.0) }) else { return nil }
        self = match.1
    }
}
