/// An administrative procedure the department handles (thủ tục hành chính): what it produces and
/// how long the law gives the department.
public struct Procedure: Sendable, Hashable {
    public enum DayCount: String, Sendable, Hashable, CaseIterable {
        case working, calendar
    }

    /// The national procedure code where known (such as 1.003868), else our own.
    public var code: String
    public var name: String
    public var kind: LicenceKind
    public var action: LicenceAction
    public var processingDays: Int
    public var dayCount: DayCount

    public init(
        code: String, name: String, kind: LicenceKind, action: LicenceAction, processingDays: Int,
        dayCount: DayCount
    ) {
        self.code = code
        self.name = name
        self.kind = kind
        self.action = action
        self.processingDays = processingDays
        self.dayCount = dayCount
    }
}

extension Procedure {
    public func validate() throws(LicensingError) {
        try LicenceContent.required(code, "code")
        try LicenceContent.required(name, "name")
        guard kind.actions.contains(action) else {
            throw .invalid("action", "\(action.rawValue) does not apply to a \(kind.rawValue) licence")
        }
        guard (1...365).contains(processingDays) else { throw .invalid("processing_days", "1 to 365") }
    }
}
