import AdminUnits
import CalendarDates

/// A decision sanctioning an administrative violation (Decrees 119/2020 and 15/2020, amended by
/// 14/2022): the provision violated, the fine, extra penalties and remedial measures.
public struct Sanction: Sendable, Hashable {
    public enum Payment: String, Sendable, Hashable, CaseIterable {
        case unpaid, paid, exempted
    }

    public var decisionNumber: String
    public var decidedOn: CalendarDate
    public var subjectID: String
    public var licenceID: String
    public var inspectionID: String
    public var violatedProvision: String
    public var fineVND: Int64
    public var extraPenalties: [String]
    /// The licence is suspended by this decision: the licence records the event.
    public var suspendsLicence: Bool
    public var remedialMeasures: [String]
    public private(set) var payment: Payment
    public private(set) var settledOn: CalendarDate?

    public init(
        decisionNumber: String, decidedOn: CalendarDate, subjectID: String, licenceID: String = "",
        inspectionID: String = "", violatedProvision: String, fineVND: Int64, extraPenalties: [String] = [],
        suspendsLicence: Bool = false, remedialMeasures: [String] = []
    ) {
        self.decisionNumber = decisionNumber
        self.decidedOn = decidedOn
        self.subjectID = subjectID
        self.licenceID = licenceID
        self.inspectionID = inspectionID
        self.violatedProvision = violatedProvision
        self.fineVND = fineVND
        self.extraPenalties = extraPenalties
        self.suspendsLicence = suspendsLicence
        self.remedialMeasures = remedialMeasures
        // Nothing to pay is settled from the start.
        self.payment = fineVND == 0 ? .exempted : .unpaid
        self.settledOn = fineVND == 0 ? decidedOn : nil
    }

    public func validate(rules: LicenceRules) throws(LicensingError) {
        try LicenceContent.required(decisionNumber, "decision_number")
        try LicenceContent.required(subjectID, "subject_id")
        try LicenceContent.required(violatedProvision, "violated_provision")
        guard fineVND >= 0 else { throw .invalid("fine_vnd", "must not be negative") }
        guard fineVND <= rules.maximumFineVND else {
            throw .invalid("fine_vnd", "at most \(rules.maximumFineVND) VND for one decision")
        }
        guard !suspendsLicence || !licenceID.isEmpty else {
            throw .invalid("licence_id", "required when the sanction suspends a licence")
        }
    }

    /// Records the fine paid or exempted; once settled it stays settled.
    public mutating func settle(_ payment: Payment, on date: CalendarDate) throws(LicensingError) {
        guard payment != .unpaid else { throw .invalid("payment_status", "PAID or EXEMPTED") }
        guard self.payment == .unpaid else {
            throw .notAllowed("payment_status", "the sanction is already \(self.payment.rawValue)")
        }
        guard date >= decidedOn else {
            throw .invalid("settled_on", "\(date) is before the decision (\(decidedOn))")
        }
        self.payment = payment
        settledOn = date
    }

    /// Restores a stored sanction's payment state.
    package mutating func restore(payment: Payment, settledOn: CalendarDate?) {
        self.payment = payment
        self.settledOn = settledOn
    }
}
