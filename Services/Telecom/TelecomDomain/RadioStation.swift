import AdminUnits
import CalendarDates

/// A commune radio station (Circular 39/2020) and how it has been working: the dates it is in force
/// and its state as dated reports, so a past quarter's indicators read that quarter's stations and
/// states. A commune may have more than one.
public struct RadioStation: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case wired, fmWireless, itTelecom
    }

    public enum State: String, Sendable, Hashable, CaseIterable {
        case operatingWell, operating, notOperating

        public var isOperating: Bool { self != .notOperating }
    }

    public struct StateReport: Sendable, Hashable {
        public var on: CalendarDate
        public var state: State
        public var note: String

        public init(on: CalendarDate, state: State, note: String = "") {
            self.on = on
            self.state = state
            self.note = note
        }
    }

    /// Unique; the commune code for a register that keeps one station per commune.
    public var code: String
    public var communeCode: String
    public var kind: Kind
    public var loudspeakerClusters: Int
    public var connectedToProvincialSource: Bool
    /// Oldest first.
    public private(set) var reports: [StateReport]
    /// In force from this day (nil: since before the register began).
    public var installedOn: CalendarDate?
    /// No longer in force from this day (nil: still in force).
    public var decommissionedOn: CalendarDate?

    public init(
        code: String = "", communeCode: String, kind: Kind, loudspeakerClusters: Int,
        connectedToProvincialSource: Bool, reports: [StateReport] = [], installedOn: CalendarDate? = nil,
        decommissionedOn: CalendarDate? = nil
    ) {
        self.code = code.isEmpty ? communeCode : code
        self.installedOn = installedOn
        self.decommissionedOn = decommissionedOn
        self.communeCode = communeCode
        self.kind = kind
        self.loudspeakerClusters = loudspeakerClusters
        self.connectedToProvincialSource = connectedToProvincialSource
        self.reports = reports.sorted { $0.on < $1.on }
    }

    /// The station was in force on `date`: installed by then and not yet decommissioned.
    public func isInForce(on date: CalendarDate) -> Bool {
        Validity(from: installedOn, until: decommissionedOn).contains(date)
    }

    /// The state last reported on or before `date`; nil before the first report, and nil on a day
    /// the station was not in force.
    public func state(on date: CalendarDate) -> State? {
        guard isInForce(on: date) else { return nil }
        return reports.last { $0.on <= date }?.state
    }

    public mutating func report(_ report: StateReport) throws(TelecomError) {
        if let last = reports.last, report.on < last.on {
            throw .invalid("on", "\(report.on) is before the last report (\(last.on))")
        }
        reports.append(report)
    }

    public func validate() throws(TelecomError) {
        try TelecomError.required(communeCode, "commune_code")
        try TelecomError.required(code, "code")
        guard code.utf8.count <= 64 else { throw .invalid("code", "at most 64 bytes") }
        if let problem = Validity(from: installedOn, until: decommissionedOn).problem {
            throw .invalid("decommissioned_on", "\(problem) (installed_on)")
        }
        guard loudspeakerClusters >= 0 else { throw .invalid("loudspeaker_clusters", "must not be negative") }
        if kind == .itTelecom, !connectedToProvincialSource {
            // An IT-telecom station is by definition fed over the network from the provincial source.
            throw .invalid(
                "connected_to_provincial_source", "an IT-telecom station is connected to the provincial source")
        }
    }
}
