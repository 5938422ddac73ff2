import AdminUnits
import CalendarDates
import Geo

/// A base transceiver station: where it is, who runs it, what it broadcasts, and where it stands
/// from proposal to decommissioning.
public struct BTSSite: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case proposed, locationChecked, built, onAir, decommissioned

        /// The statuses a site may move to from this one.
        public var next: Set<Status> {
            switch self {
            case .proposed: [.locationChecked, .decommissioned]
            case .locationChecked: [.built, .decommissioned]
            case .built: [.onAir, .decommissioned]
            case .onAir: [.decommissioned]
            case .decommissioned: []
            }
        }
    }

    /// Mast classes of the provincial plan [M in the domain notes: names kept as written there].
    public enum MastClass: String, Sendable, Hashable, CaseIterable {
        case a1a = "A1a", a1b = "A1b", a2a = "A2a", a2b = "A2b"
    }

    public var code: String
    public var operatorCode: String
    public var unitCode: String
    public var address: String
    public var position: GeoPoint
    /// What it broadcasts, with the day each was switched on (nil: not yet).
    public var technologies: [Technology: CalendarDate?]
    public var mastClass: MastClass
    public var mastHeightMetres: Double
    /// Other operators sharing the mast; empty for an independent site.
    public var tenants: [String]
    public var status: Status
    /// The last check against the plan.
    public var planCheck: PlanCheck?
    /// The day each technology was switched off; absent while it is on.
    public var switchedOff: [Technology: CalendarDate] = [:]
    /// The day the site was decommissioned (set by ``move(to:on:)``); nil before, and for a site
    /// decommissioned before the register kept the day.
    public var decommissionedOn: CalendarDate?

    public init(
        code: String, operatorCode: String, unitCode: String, address: String = "", position: GeoPoint,
        technologies: [Technology: CalendarDate?], mastClass: MastClass, mastHeightMetres: Double,
        tenants: [String] = [], status: Status = .proposed
    ) {
        self.code = code
        self.operatorCode = operatorCode
        self.unitCode = unitCode
        self.address = address
        self.position = position
        self.technologies = technologies
        self.mastClass = mastClass
        self.mastHeightMetres = mastHeightMetres
        self.tenants = tenants
        self.status = status
    }

    public var isShared: Bool { !tenants.isEmpty }

    /// Technologies on air on `date`: switched on by then and not yet off, on a site that reached the
    /// air and was not decommissioned by then. A past quarter reads the site as it was, whatever it
    /// has become; a site decommissioned on a day not recorded counts on no day.
    public func broadcasts(on date: CalendarDate) -> [Technology] {
        switch status {
        case .onAir: break
        case .decommissioned:
            guard let decommissionedOn, date < decommissionedOn else { return [] }
        case .proposed, .locationChecked, .built: return []
        }
        return technologies.compactMap { technology, since -> Technology? in
            guard let since, since <= date else { return nil }
            if let off = switchedOff[technology], off <= date { return nil }
            return technology
        }
        .sorted()
    }

    /// Checks the fields and names the first wrong one.
    public func validate(operators: Operators) throws(TelecomError) {
        try TelecomError.required(code, "code")
        _ = try operators.check(operatorCode, field: "operator")
        try TelecomError.required(unitCode, "unit_code")
        guard GeoBoundingBox.vietnam.contains(position) else {
            throw .invalid("position", "\(position) is outside Vietnam (latitude 7.5 to 23.5, longitude 102 to 118)")
        }
        guard mastHeightMetres > 0, mastHeightMetres <= 150 else {
            throw .invalid("mast_height_m", "must be more than 0 and at most 150 metres")
        }
        guard !technologies.isEmpty else { throw .invalid("technologies", "at least one technology") }
        var seen: Set<String> = []
        for tenant in tenants {
            let code = try operators.check(tenant, field: "tenants")
            guard code != operatorCode.lowercased() else {
                throw .invalid("tenants", "the site's own operator is not its tenant")
            }
            guard seen.insert(code).inserted else { throw .invalid("tenants", "\(tenant) appears twice") }
        }
        if status == .onAir, !technologies.values.contains(where: { $0 != nil }) {
            throw .invalid("technologies", "a site on air has at least one technology with its switch-on date")
        }
        for (technology, off) in switchedOff {
            guard let on = technologies[technology] ?? nil else {
                throw .invalid("technologies.switched_off", "\(technology.rawValue) was never switched on")
            }
            guard on < off else {
                throw .invalid("technologies.switched_off", "\(technology.rawValue): \(off) is not after \(on)")
            }
        }
    }

    /// Moves the site on, or refuses naming the rule. A site's location is checked only when the
    /// plan's last word on it was "conforming".
    /// `on` is the day of the move: a decommissioning keeps it, since past quarters count the site
    /// until that day.
    public mutating func move(to status: Status, on day: CalendarDate? = nil) throws(TelecomError) {
        if status == .locationChecked, planCheck?.finding.outcome != .conforming {
            throw .notAllowed(
                "status",
                planCheck.map { "the plan check found the site \($0.finding.outcome.rawValue)" }
                    ?? "the site has not been checked against the plan")
        }
        guard self.status.next.contains(status) else {
            let allowed = self.status.next.map(\.rawValue).sorted().joined(separator: ", ")
            throw .notAllowed(
                "status",
                "a \(self.status.rawValue) site cannot become \(status.rawValue)"
                    + (allowed.isEmpty ? "" : "; it can become \(allowed)"))
        }
        if status == .decommissioned {
            guard let day else { throw .invalid("on", "the day the site was decommissioned is required") }
            if let first = technologies.values.compactMap({ $0 }).min(), day <= first {
                throw .invalid("on", "\(day) is not after the site went on air (\(first))")
            }
            decommissionedOn = day
        }
        if status == .decommissioned {
            guard let day else { throw .invalid("on", "the day the site was decommissioned is required") }
            if let first = technologies.values.compactMap({ $0 }).min(), day <= first {
                throw .invalid("on", "\(day) is not after the site went on air (\(first))")
            }
            decommissionedOn = day
        }
        self.status = status
    }
}
