import Foundation

/// The reasons services give (in English, for every client) in the officer's Vietnamese, for the
/// ones officers meet most; a reason not known here is shown as the service wrote it.
enum ReasonText {
    /// Tried in order; the first that matches the whole reason wins. `$1`, `$2` are the captures.
    /// Compiled when a refusal is shown (rare, and Regex values are not Sendable to keep in a static).
    static let patterns: [(String, String)] = [
        // Licences: issuing, amending and the actions on them.
        (
            #"required: a website licence has a term of at most (\d+) years"#,
            "bắt buộc phải nhập: giấy phép trang thông tin điện tử tổng hợp có thời hạn tối đa $1 năm"
        ),
        (
            #"a website licence lasts at most (\d+) years: no later than (.+)"#,
            "giấy phép trang thông tin điện tử tổng hợp có thời hạn tối đa $1 năm: hiệu lực không quá ngày $2"
        ),
        (
            #"a general website must have a server in Vietnam"#,
            "trang thông tin điện tử tổng hợp phải đặt máy chủ tại Việt Nam"
        ),
        (#"must be after the issue date (.+)"#, "phải sau ngày cấp $1"),
        (#"must be after the current end of validity, (.+)"#, "phải sau ngày hết hiệu lực hiện tại ($1)"),
        (#"\S+ does not apply to a \S+ licence"#, "thao tác này không áp dụng cho loại giấy phép này"),
        (
            #"a licence is issued once; this one already is"#,
            "giấy phép chỉ được cấp mới một lần; giấy phép này đã được cấp"
        ),
        (#"a suspended licence cannot be extended"#, "giấy phép đang bị đình chỉ thì không gia hạn được"),
        (
            #"an extension is at most (\d+) years: no later than (.+)"#,
            "mỗi lần gia hạn tối đa $1 năm: hiệu lực mới không quá ngày $2"
        ),
        (
            #"a website licence may be extended at most (\d+) times"#,
            "giấy phép trang thông tin điện tử tổng hợp chỉ được gia hạn tối đa $1 lần"
        ),
        (
            #"required: the extension must be asked for in time"#,
            "bắt buộc phải nhập: ngày đề nghị gia hạn (phải đề nghị đúng hạn)"
        ),
        (
            #"an extension must be asked for at least (\d+) days before expiry \((.+)\): by (.+), not (.+)"#,
            "phải đề nghị gia hạn ít nhất $1 ngày trước khi hết hạn ($2): chậm nhất ngày $3, không phải ngày $4"
        ),
        (
            #"(.+) is before the licence's last event \((.+)\)"#,
            "$1 trước ngày của thao tác gần nhất trên giấy phép ($2)"
        ),
        (
            #"the licence expired on (.+): an expired licence cannot be \S+"#,
            "giấy phép đã hết hạn ngày $1: không thực hiện được thao tác này"
        ),
        (
            #"the licence is suspended until further notice"#,
            "giấy phép đang bị đình chỉ cho đến khi có quyết định khác"
        ),
        (#"the licence is suspended until (.+)"#, "giấy phép đang bị đình chỉ đến ngày $1"),
        (#"a licence's first row is its issue"#, "dòng đầu tiên của một giấy phép phải là cấp mới"),
        (#"at most (\d+) x (\d+) cm"#, "khổ tối đa $1 x $2 cm"),
        (#"(.+) is before the decision \((.+)\)"#, "$1 trước ngày ra quyết định ($2)"),
        (#"at most (\d+) VND for one decision"#, "tối đa $1 đồng cho một quyết định"),
        (#"required when the sanction suspends a licence"#, "bắt buộc khi quyết định đình chỉ một giấy phép"),
        (#"the licence has no end date to extend"#, "giấy phép không có thời hạn nên không có gì để gia hạn"),
        (#"the licence is expired: no \S+ after that"#, "giấy phép đã hết hạn: không thực hiện được thao tác này"),
        (#"the licence is revoked: no \S+ after that"#, "giấy phép đã bị thu hồi: không thực hiện được thao tác này"),
        (#"the licence is \S+: no \S+ after that"#, "tình trạng của giấy phép không cho phép thao tác này"),
        (#"the licence is already suspended"#, "giấy phép đang bị đình chỉ"),
        (#"the licence is not suspended"#, "giấy phép không bị đình chỉ"),
        (#"the licence is valid until (.+)"#, "giấy phép còn hiệu lực đến ngày $1"),
        (#"the licence is valid without end"#, "giấy phép có hiệu lực không thời hạn"),
        (
            #"\S+ keeps the licence's content; send none"#,
            "thao tác này giữ nguyên nội dung giấy phép; không nhập nội dung mới"
        ),
        (#"\S+ needs the new content"#, "thao tác này cần nội dung mới của giấy phép"),
        (#"is not the content of a \S+ licence"#, "không phải nội dung của loại giấy phép đã chọn"),
        (#"only an exchange gives the licence a new number"#, "chỉ khi cấp đổi giấy phép mới được đổi số"),
        (#"at least one printing activity is required"#, "cần ít nhất một hoạt động in"),
        (#"'(.+)' is not a domain name"#, "“$1” không phải là tên miền"),
        (#"licence (.+) is already recorded"#, "giấy phép $1 đã có trong sổ"),
        (#"dossier (.+) is already recorded"#, "hồ sơ $1 đã có trong sổ"),
        (#"(.+) is issued twice \(first on line (\d+)\)"#, "$1 được cấp hai lần (lần đầu ở dòng $2)"),
        (#"(.+) is already recorded"#, "$1 đã có trong sổ"),
        // Dossiers.
        (#"(.+) is before it was received \((.+)\)"#, "$1 trước ngày tiếp nhận hồ sơ ($2)"),
        (#"(.+) is before the dossier's last step \((.+)\)"#, "$1 trước bước xử lý gần nhất của hồ sơ ($2)"),
        (#"a \S+ dossier cannot become \S+"#, "hồ sơ đang ở trạng thái này không chuyển được sang bước đã chọn"),
        (#"an approved dossier names its decision and date"#, "hồ sơ được giải quyết phải ghi số và ngày quyết định"),
        (#"a resolved dossier names the licence it produced"#, "hồ sơ đã giải quyết xong phải ghi số giấy phép đã cấp"),
        (
            #"set for online dossiers \(full_process or partial\), and only for them"#,
            "chỉ ghi cho hồ sơ trực tuyến (toàn trình hoặc một phần)"
        ),
        (#"only an online dossier is paid online"#, "chỉ hồ sơ trực tuyến mới thanh toán trực tuyến"),
        // Figures.
        (#"(.+) is a count: send no denominator"#, "chỉ tiêu $1 là số đếm: không nhập mẫu số"),
        (#"(.+) is a rate: the denominator is required"#, "chỉ tiêu $1 là tỷ lệ: bắt buộc nhập mẫu số"),
        (
            #"(.+) is more than the denominator (.+) for a percentage"#,
            "tử số $1 lớn hơn mẫu số $2 của một tỷ lệ phần trăm"
        ),
        (
            #"(.+) is computed by another service(, not measured here)?"#,
            "chỉ tiêu $1 do dịch vụ khác tính, không nhập ở đây"
        ),
        // Telecom.
        (#"(.+) is outside the lease's term (.+) to (.+)"#, "$1 nằm ngoài thời hạn hợp đồng thuê ($2 đến $3)"),
        (#"(.+) is before the last report \((.+)\)"#, "$1 trước lần báo cáo gần nhất ($2)"),
        (#"station (.+) is not in force on (.+)"#, "đài $1 không hoạt động vào ngày $2"),
        (#"no (\S+) site '(.+)'"#, "không có trạm “$2” của doanh nghiệp $1"),
        (#"no hotspot '(.+)'"#, "không có điểm Wi-Fi “$1”"),
        (#"no lease '(.+)'"#, "không có hợp đồng thuê “$1”"),
        (#"no dossier '(.+)'"#, "không có hồ sơ “$1”"),
        (#"no procedure '(.+)'"#, "không có thủ tục “$1”"),
        (#"no radio station '(.+)'"#, "không có đài truyền thanh “$1”"),
        // Organisations, obligations, enforcement.
        (#"letters, digits, '-', '/' and '\.' only"#, "chỉ gồm chữ cái, chữ số và các dấu - / ."),
        (#"'(.+)' is not an e-mail address"#, "“$1” không phải là địa chỉ thư điện tử"),
        (#"digits, spaces and \+ - \. \( \) only"#, "chỉ gồm chữ số, dấu cách và các dấu + - . ( )"),
        (#"(.+) is the tax code of (.+)"#, "$1 là mã số thuế của $2"),
        (#"already fulfilled on (.+)"#, "đã thực hiện ngày $1"),
        (#"a report on (\d+) comes after the year ends"#, "báo cáo năm $1 chỉ nộp được sau khi hết năm"),
        (#"licence (.+) is held by (.+), not (.+)"#, "giấy phép $1 do $2 đứng tên, không phải $3"),
        (#"no inspection '(.+)'"#, "không có cuộc thanh tra “$1”"),
        (#"no sanction '(.+)'"#, "không có quyết định xử phạt “$1”"),
        (#"must be 0 or more"#, "phải từ 0 trở lên"),
        // Telecom's registers.
        (#"at least one technology"#, "cần ít nhất một công nghệ"),
        (
            #"a site on air has at least one technology with its switch-on date"#,
            "trạm đang phát sóng phải có ít nhất một công nghệ kèm ngày bật"
        ),
        (#"(.+) was never switched on"#, "$1 chưa từng được bật"),
        (#"the day the site was decommissioned is required"#, "bắt buộc nhập ngày trạm ngừng hoạt động"),
        (#"(.+) is not after the site went on air \((.+)\)"#, "$1 không sau ngày trạm bắt đầu phát sóng ($2)"),
        (#"a \S+ site cannot become \S+"#, "trạm đang ở tình trạng này không chuyển được sang tình trạng đã chọn"),
        (#"must be after the start, (.+)"#, "phải sau ngày bắt đầu ($1)"),
        (#"must be more than 0 and at most (\d+) metres"#, "phải lớn hơn 0 và tối đa $1 mét"),
        (#"more than 0 and at most (\d+),(\d{3}) metres"#, "lớn hơn 0 và tối đa $1.$2 mét"),
        (
            #"a radio frequency in MHz, more than 0 and below 300 GHz"#,
            "tần số tính bằng MHz, lớn hơn 0 và dưới 300 GHz"
        ),
        (#"at least three"#, "cần ít nhất ba điểm"),
        (#"no planned sites or zones are recorded yet"#, "chưa có quy hoạch trạm hoặc vùng phủ sóng nào"),
        (#"population or households"#, "xếp theo dân số hoặc số hộ"),
        (
            #"an IT-telecom station is connected to the provincial source"#,
            "đài ứng dụng CNTT - viễn thông phải kết nối với nguồn phát của tỉnh"
        ),
        (
            #"(.+) is outside the hotspot's service \(from (.+) to (.+)\)"#,
            "$1 nằm ngoài thời gian phục vụ của điểm Wi-Fi (từ $2 đến $3)"
        ),
        (
            #"hotspot (.+) has monthly reports; it cannot be deleted"#,
            "điểm Wi-Fi $1 đã có báo cáo tháng nên không xoá được"
        ),
        (
            #"thresholds and deductions are percentages, 0 to 100"#,
            "ngưỡng và mức khấu trừ là tỷ lệ phần trăm, từ 0 đến 100"
        ),
        (#"at least one place the lease serves"#, "cần ít nhất một địa bàn mà hợp đồng phục vụ"),
        // The plan's figures and targets.
        (#"must be a number"#, "phải là một số"),
        (#"a rank is 1 or more"#, "thứ hạng từ 1 trở lên"),
        (#"(.+) is not a plan year"#, "$1 không phải là năm của kế hoạch"),
        (#"0 to the number of traders \((.+)\)"#, "từ 0 đến số thương nhân ($1)"),
        (#"(.+) is not a year this register keeps"#, "sổ không lưu năm $1"),
        (#"(\d+) households is more than the (\d+) people"#, "$1 hộ, nhiều hơn số dân ($2 người)"),
        // Common to every form.
        (#"at least one"#, "cần ít nhất một"),
        (#"at most (\d+) characters"#, "dài tối đa $1 ký tự"),
        (#"must be (\d+) to (\d+)"#, "phải từ $1 đến $2"),
        (#"letters, digits, '\.', '_' and '-' only"#, "chỉ gồm chữ cái, chữ số và các dấu . _ -"),
        (#"required"#, "bắt buộc phải nhập"),
        (#"required: (.+)"#, "bắt buộc phải nhập: $1"),
        (#"must not be negative"#, "không được là số âm"),
        (#"must be more than 0"#, "phải lớn hơn 0"),
        (#"a number, 0 or more"#, "phải là một số, từ 0 trở lên"),
        (#"(\d+) to (\d+)"#, "phải từ $1 đến $2"),
        (#"at most (\d+) bytes of text in all, not (\d+)"#, "tổng nội dung dài tối đa $1 byte (đang có $2 byte)"),
        (#"at most (\d+) bytes"#, "dài tối đa $1 byte"),
        (#"at most (\d+)"#, "tối đa $1"),
        (#"text of (\d+) bytes exceeds the limit of (\d+) bytes"#, "nội dung dài $1 byte, quá giới hạn $2 byte"),
        (
            #"(\d+) bytes exceeds the limit of (\d+) bytes for this method"#,
            "yêu cầu dài $1 byte, quá giới hạn $2 byte của thao tác này"
        ),
        (#"at least one domain name is required"#, "cần ít nhất một tên miền"),
        (#"(.+) is in the future"#, "$1 là ngày trong tương lai"),
        (#"(.+) has not begun"#, "$1 chưa bắt đầu"),
        (#"(.+) is not a month"#, "$1 không phải là một tháng"),
        (#"(.+) appears twice"#, "$1 bị lặp lại"),
        (#"must not be before from \((.+)\)"#, "không được trước ngày bắt đầu ($1)"),
        (#"no administrative unit '(.+)'"#, "không có đơn vị hành chính “$1”"),
        (#"no organisation '(.+)'"#, "không có tổ chức “$1”"),
        (#"no licence '(.+)'"#, "không có giấy phép “$1”"),
        (#"no indicator '(.+)' in the plan"#, "kế hoạch không có chỉ tiêu “$1”"),
        (#"(.+) is outside Vietnam.*"#, "$1 nằm ngoài lãnh thổ Việt Nam (vĩ độ 7,5 đến 23,5; kinh độ 102 đến 118)"),
        (#"the licence already has number (.+)"#, "giấy phép đã mang số $1"),
        (
            #"the dossier has been asked for supplements (\d+) times, the most one dossier may be: refuse it or record its withdrawal"#,
            "hồ sơ đã được yêu cầu bổ sung $1 lần, mức tối đa của một hồ sơ: hãy từ chối hoặc ghi nhận rút hồ sơ"
        ),
        (
            #"(\d+) bytes of text; a section holds at most (\d+)"#,
            "nội dung dài $1 byte; mỗi mục của báo cáo chứa tối đa $2 byte (khoảng 20.000 chữ)"
        ),
        (
            #"the licence has recorded (\d+) changes, the most one licence keeps: issue a new licence"#,
            "giấy phép đã ghi nhận $1 lần thay đổi, mức tối đa của một giấy phép: hãy cấp giấy phép mới"
        ),
    ]

    /// Longer than any reason a service writes with its values (an organisation's name is at most
    /// 500 characters). A reason can quote what a caller sent, and matching patterns of several
    /// `(.+)` costs up to the square of its length: 0.23 s for a crafted 10,000 characters.
    static let maximumTranslatedCharacters = 1_000

    static func vietnamese(_ reason: String) -> String {
        guard reason.utf8.count <= maximumTranslatedCharacters else { return reason }
        for (source, template) in patterns {
            guard let pattern = try? Regex(source), let match = try? pattern.wholeMatch(in: reason) else { continue }
            var text = template
            // Highest capture first, so "$1" does not eat the "1" of "$10".
            for index in stride(from: match.output.count - 1, through: 1, by: -1) {
                let captured = match.output[index].substring.map(String.init) ?? ""
                text = text.replacingOccurrences(of: "$\(index)", with: captured)
            }
            return dayFirst(text)
        }
        return reason
    }

    /// The dates in a translated reason as Vietnamese writes them: 2026-01-01 → 01/01/2026.
    static func dayFirst(_ text: String) -> String {
        guard let date = try? Regex(#"\b(\d{4})-(\d{2})-(\d{2})\b"#) else { return text }
        return text.replacing(date) { match in
            let parts = match.output.map { $0.substring.map(String.init) ?? "" }
            return "\(parts[3])/\(parts[2])/\(parts[1])"
        }
    }
}
