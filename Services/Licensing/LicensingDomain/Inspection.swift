import AdminUnits
import CalendarDates

/// An inspection of an organisation (and the licence concerned, if any).
public struct Inspection: Sendable, Hashable {
    public var plan: String
    public var decisionNumber: String
    public var team: String
    public var subjectID: String
    public var licenceID: String
    public var inspectedOn: CalendarDate
    public var findings: String

    public init(
        plan: String = "", decisionNumber: String, team: String = "", subjectID: String, licenceID: String = "",
        inspectedOn: CalendarDate, findings: String = ""
    ) {
        self.plan = plan
        self.decisionNumber = decisionNumber
        self.team = team
        self.subjectID = subjectID
        self.licenceID = licenceID
        self.inspectedOn = inspectedOn
        self.findings = findings
    }

    public func validate() throws(LicensingError) {
        try LicenceContent.required(decisionNumber, "decision_number")
        try LicenceContent.required(subjectID, "subject_id")
    }
}
