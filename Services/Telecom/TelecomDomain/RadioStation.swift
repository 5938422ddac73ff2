import AdminUnits
import CalendarDates

/// A commune's radio station (Circular 39/2020) and how it has been working: the state is kept
/// as dated reports, so a past quarter's indicators read the state of that quarter.
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

    public var communeCode: String
    public var kind: Kind
    public var loudspeakerClusters: Int
    public var connectedToProvincialSource: Bool
    /// Oldest first.
    public private(set) var reports: [StateReport]

    public init(
        communeCode: String, kind: Kind, loudspeakerClusters: Int, connectedToProvincialSource: Bool,
        reports: [StateReport] = []
    ) {
        self.communeCode = communeCode
        self.kind = kind
        self.loudspeakerClusters = loudspeakerClusters
        self.connectedToProvincialSource = connectedToProvincialSource
        self.reports = reports.sorted { $0.on < $1.on }
    }

    /// The state last reported on or before `date`; nil before the first report.
    public func state(on date: CalendarDate) -> State? {
        reports.last { $0.on <= date }?.state
    }

    public mutating func report(_ report: StateReport) throws(TelecomError) {
        if let last = reports.last, report.on < last.on {
            throw .invalid("on", "\(report.on) is before the last report (\(last.on))")
        }
        reports.append(report)
    }

    public func validate() throws(TelecomError) {
        try TelecomError.required(communeCode, "commune_code")
        guard loudspeakerClusters >= 0 else { throw .invalid("loudspeaker_clusters", "must not be negative") }
        if kind == .itTelecom, !connectedToProvincialSource {
            // An IT-telecom station is by definition fed over the network from the provincial source.
            throw .invalid(
                "connected_to_provincial_source", "an IT-telecom station is connected to the provincial source")
        }
    }
}
