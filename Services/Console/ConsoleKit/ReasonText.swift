import Foundation

/// The reasons services give (in English, for every client) in the officer's Vietnamese, for the
/// ones officers meet most; a reason not known here is shown as the service wrote it.
enum ReasonText {
    /// Tried in order; the first that matches the whole reason wins. `$1`, `$2` are the captures.
    /// Compiled when a refusal is shown (rare, and Regex values are not Sendable to keep in a static).
    static let patterns: [(String, String)] = [
        (#"required"#, "bắt buộc phải nhập"),
        (#"required: (.+)"#, "bắt buộc phải nhập: $1"),
        (#"must not be negative"#, "không được là số âm"),
        (#"must be more than 0"#, "phải lớn hơn 0"),
        (#"a number, 0 or more"#, "phải là một số, từ 0 trở lên"),
        (#"(\d+) to (\d+)"#, "phải từ $1 đến $2"),
        (#"at most (\d+) bytes"#, "dài tối đa $1 byte"),
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
    ]

    static func vietnamese(_ reason: String) -> String {
        for (source, template) in patterns {
            guard let pattern = try? Regex(source), let match = try? pattern.wholeMatch(in: reason) else { continue }
            var text = template
            // Highest capture first, so "$1" does not eat the "1" of "$10".
            for index in stride(from: match.output.count - 1, through: 1, by: -1) {
                let captured = match.output[index].substring.map(String.init) ?? ""
                text = text.replacingOccurrences(of: "$\(index)", with: captured)
            }
            return text
        }
        return reason
    }
}
