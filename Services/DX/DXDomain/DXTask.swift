import AdminUnits
import CalendarDates

/// A task the department must deliver: from a source document, led by a unit, by a deadline.
/// Its status is read from its dates, never entered.
public struct DXTask: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case doneOnTime, doneLate, inProgress, overdue
    }

    public var code: String
    public var title: String
    /// The document that set it, such as "KH 820/KH-UBND".
    public var sourceDocument: String
    public var leadUnit: String
    public var deadline: CalendarDate
    public var completedOn: CalendarDate?
    /// The year of the plan it belongs to: a 2023 task may be due in January 2024 and still be
    /// reported against the 2023 plan. The deadline's year unless said.
    public var planYear: Int

    public init(
        code: String, title: String, sourceDocument: String, leadUnit: String, deadline: CalendarDate,
        completedOn: CalendarDate? = nil, planYear: Int? = nil
    ) {
        self.planYear = planYear ?? deadline.year
        self.code = code
        self.title = title
        self.sourceDocument = sourceDocument
        self.leadUnit = leadUnit
        self.deadline = deadline
        self.completedOn = completedOn
    }

    /// As it stood on `day`: done by the deadline (the deadline day included) or after it, when it
    /// was done by `day`; else open within time or past it. A task finished after `day` was still
    /// open on `day`, so a past quarter's report does not change when it is finished.
    public func status(on day: CalendarDate) -> Status {
        if let completedOn, completedOn <= day { return completedOn <= deadline ? .doneOnTime : .doneLate }
        return day <= deadline ? .inProgress : .overdue
    }

    public func validate() throws(DXError) {
        try DXError.required(code, "code")
        try DXError.required(title, "title")
        try DXError.required(leadUnit, "lead_unit")
        guard (deadline.year - 5...deadline.year).contains(planYear) else {
            throw .invalid("plan_year", "\(planYear) is not the deadline's year or one of the five before it")
        }
    }
}

extension DXTask {
    /// The 2023 tasks of the Q1/2023 report: the four quarterly digital-transformation reports,
    /// due in April, July, October and December (the last day of the month).
    public static let defaults: [DXTask] = [(1, 4, 30), (2, 7, 31), (3, 10, 31), (4, 12, 31)].compactMap {
        quarter, month, day in
        guard let deadline = CalendarDate(year: 2023, month: month, day: day) else { return nil }
        let roman = ["I", "II", "III", "IV"][quarter - 1]
        return DXTask(
            code: "DX-BC-2023-Q\(quarter)", title: "Báo cáo tình hình triển khai chuyển đổi số quý \(roman) năm 2023",
            sourceDocument: "2519/QĐ-UBND", leadUnit: "Sở Thông tin và Truyền thông", deadline: deadline)
    }
}
