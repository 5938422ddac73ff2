import AdminUnits
import CalendarDates

/// An application as the one-stop office receives it, and everything that happened to it.
public struct Dossier: Sendable, Hashable {
    public enum Channel: String, Sendable, Hashable, CaseIterable {
        case inPerson, postal, online
    }

    /// For online dossiers: the whole procedure online (toàn trình) or only part of it (một phần).
    public enum OnlineType: String, Sendable, Hashable, CaseIterable {
        case none, fullProcess, partial
    }

    public struct Step: Sendable, Hashable {
        public var on: CalendarDate
        public var status: DossierStatus
        public var note: String
    }

    public let code: String
    public let procedure: Procedure
    public let applicantID: String
    public let channel: Channel
    public let onlineType: OnlineType
    public let receivedOn: CalendarDate
    public var feeVND: Int64
    public var paidOnline: Bool
    public private(set) var steps: [Step]
    public private(set) var pauses: [DossierClock.Pause] = []
    /// The licence number the dossier produced, once resolved.
    public private(set) var resultLicence: String?
    /// Supplements one dossier may be asked for. The one-stop rules expect one request that names
    /// everything missing; the bound is the platform's, so that a dossier's steps (each read with
    /// it in every list) cannot grow without end. Closing a dossier is never refused for it.
    public static let maximumSupplementRequests = 10

    public var status: DossierStatus { steps[steps.count - 1].status }
    public var decidedOn: CalendarDate? { steps.first { $0.status == .resolved || $0.status == .refused }?.on }

    public init(
        code: String, procedure: Procedure, applicantID: String, channel: Channel, onlineType: OnlineType = .none,
        receivedOn: CalendarDate, feeVND: Int64 = 0, paidOnline: Bool = false
    ) throws(LicensingError) {
        try LicenceContent.required(code, "code")
        try LicenceContent.required(applicantID, "applicant_id")
        guard (channel == .online) == (onlineType != .none) else {
            throw .invalid("online_type", "set for online dossiers (full_process or partial), and only for them")
        }
        guard feeVND >= 0 else { throw .invalid("fee_vnd", "must not be negative") }
        guard !paidOnline || channel == .online else {
            throw .invalid("paid_online", "only an online dossier is paid online")
        }
        self.code = code
        self.procedure = procedure
        self.applicantID = applicantID
        self.channel = channel
        self.onlineType = onlineType
        self.receivedOn = receivedOn
        self.feeVND = feeVND
        self.paidOnline = paidOnline
        self.steps = [Step(on: receivedOn, status: .received, note: "")]
    }

    /// Moves the dossier on, or refuses naming the rule. Asking for a supplement stops the clock;
    /// receiving it (back to in process) starts it again.
    public mutating func move(
        to status: DossierStatus, on date: CalendarDate, note: String = "", resultLicence: String? = nil
    ) throws(LicensingError) {
        if status == .supplementRequested {
            let asked = steps.count { $0.status == .supplementRequested }
            guard asked < Self.maximumSupplementRequests else {
                throw .notAllowed(
                    "status",
                    "the dossier has been asked for supplements \(asked) times, the most one dossier may be: "
                        + "refuse it or record its withdrawal")
            }
        }
        try replay(to: status, on: date, note: note, resultLicence: resultLicence)
    }

    /// A step already recorded, read back: the rules of the steps, without the bound on
    /// supplements a dossier recorded before it had.
    package mutating func replay(
        to status: DossierStatus, on date: CalendarDate, note: String = "", resultLicence: String? = nil
    ) throws(LicensingError) {
        guard self.status.next.contains(status) else {
            let allowed = self.status.next.map(\.rawValue).sorted().joined(separator: ", ")
            throw .notAllowed(
                "status",
                "a \(self.status.rawValue) dossier cannot become \(status.rawValue)"
                    + (allowed.isEmpty ? " (it is closed)" : "; it can become \(allowed)"))
        }
        guard date >= steps[steps.count - 1].on else {
            throw .invalid("on", "\(date) is before the dossier's last step (\(steps[steps.count - 1].on))")
        }
        if status == .resolved {
            guard let resultLicence, !resultLicence.isEmpty else {
                throw .invalid("result_licence", "a resolved dossier names the licence it produced")
            }
            self.resultLicence = resultLicence
        }
        if status == .supplementRequested { pauses.append(.init(from: date, until: nil)) }
        if self.status == .supplementRequested, let last = pauses.indices.last { pauses[last].until = date }
        steps.append(Step(on: date, status: status, note: note))
    }

    /// The dossier's clock; as of `day` when given: a supplement asked for after that day had not
    /// stopped it yet, one that arrived after it was still awaited.
    public func clock(policy: DossierClock.SupplementPolicy = .pause, asOf day: CalendarDate? = nil) -> DossierClock {
        guard let day else {
            return DossierClock(receivedOn: receivedOn, procedure: procedure, pauses: pauses, policy: policy)
        }
        let known = pauses.filter { $0.from <= day }.map { pause in
            DossierClock.Pause(from: pause.from, until: pause.until.flatMap { $0 <= day ? $0 : nil })
        }
        return DossierClock(receivedOn: receivedOn, procedure: procedure, pauses: known, policy: policy)
    }

    /// Late is derived, never stored: past the due date and not yet decided.
    public func isLate(today: CalendarDate, _ calendar: WorkingCalendar) -> Bool {
        clock().timeliness(resolvedOn: decidedOn, today: today, calendar) == .overdue
    }
}
