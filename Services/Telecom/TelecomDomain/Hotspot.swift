import AdminUnits
import CalendarDates
import Geo

/// A public Wi-Fi hotspot under a lease.
public struct Hotspot: Sendable, Hashable {
    /// What the provider reports for a month.
    public struct MonthlyReport: Sendable, Hashable {
        public var uptimePercent: Double
        public var sessions: Int
        public var averageBandwidthMbps: Double

        public init(uptimePercent: Double, sessions: Int, averageBandwidthMbps: Double) {
            self.uptimePercent = uptimePercent
            self.sessions = sessions
            self.averageBandwidthMbps = averageBandwidthMbps
        }

        public func validate() throws(TelecomError) {
            guard (0...100).contains(uptimePercent) else { throw .invalid("uptime_percent", "0 to 100") }
            guard sessions >= 0 else { throw .invalid("sessions", "must not be negative") }
            guard averageBandwidthMbps >= 0 else { throw .invalid("average_bandwidth_mbps", "must not be negative") }
        }
    }

    /// One hotspot's line in a month's acceptance.
    public struct Acceptance: Sendable, Hashable {
        public var hotspotCode: String
        public var feeVND: Int64
        public var deductionVND: Int64
        public var payableVND: Int64
        public var note: String
    }

    public var code: String
    public var leaseContract: String
    public var name: String
    public var position: GeoPoint
    public var unitCode: String
    public var accessPoints: Int
    public var startedOn: CalendarDate

    public init(
        code: String, leaseContract: String, name: String, position: GeoPoint, unitCode: String, accessPoints: Int,
        startedOn: CalendarDate
    ) {
        self.code = code
        self.leaseContract = leaseContract
        self.name = name
        self.position = position
        self.unitCode = unitCode
        self.accessPoints = accessPoints
        self.startedOn = startedOn
    }

    public func validate(lease: WifiLease) throws(TelecomError) {
        try TelecomError.required(code, "code")
        guard GeoBoundingBox.vietnam.contains(position) else {
            throw .invalid("position", "\(position) is outside Vietnam (latitude 7.5 to 23.5, longitude 102 to 118)")
        }
        guard accessPoints > 0 else { throw .invalid("access_points", "at least one") }
        guard (lease.start...lease.end).contains(startedOn) else {
            throw .invalid("started_on", "\(startedOn) is outside the lease's term \(lease.start) to \(lease.end)")
        }
    }
}
