import DomainRules
import Geo

extension InfrastructurePlan {
    /// How much one plan holds. The plan is one document: GetPlan answers it whole and every site
    /// check reads all of it. The defaults keep it well inside one answer (about 2.6 MB at most on
    /// the wire) while a province's plan holds some hundreds of planned sites and tens of zones.
    public struct Limits: Sendable, Hashable {
        public var plannedSites = 5_000
        public var zones = 500
        /// Vertices over all zones together.
        public var vertices = 100_000

        public init() {}
    }

    public static let maximumCodeBytes = 64

    /// Adds a planned site or replaces the one with its code.
    public mutating func save(_ planned: PlannedSite, within limits: Limits = .init()) throws(RuleViolation) {
        try Self.checkCode(planned.code)
        guard GeoBoundingBox.vietnam.contains(planned.position) else {
            throw .invalid("position", "\(planned.position) is outside Vietnam")
        }
        guard planned.radiusMetres > 0, planned.radiusMetres <= 10_000 else {
            throw .invalid("radius_m", "more than 0 and at most 10,000 metres")
        }
        if let index = sites.firstIndex(where: { $0.code == planned.code }) {
            sites[index] = planned
            return
        }
        guard sites.count < limits.plannedSites else {
            throw .notAllowed(
                "code", "the plan already holds \(sites.count) planned sites, the most it keeps")
        }
        sites.append(planned)
    }

    /// Adds a zone or replaces the one with its code.
    public mutating func save(_ zone: Zone, within limits: Limits = .init()) throws(RuleViolation) {
        try Self.checkCode(zone.code)
        for vertex in zone.area.vertices where !GeoBoundingBox.vietnam.contains(vertex) {
            throw .invalid("vertices", "\(vertex) is outside Vietnam")
        }
        let index = zones.firstIndex { $0.code == zone.code }
        let others = zones.indices.filter { $0 != index }
        let vertices = others.reduce(zone.area.vertices.count) { $0 + zones[$1].area.vertices.count }
        guard vertices <= limits.vertices else {
            throw .notAllowed(
                "vertices",
                "the plan's zones would have \(vertices) vertices, more than the \(limits.vertices) it keeps")
        }
        if let index {
            zones[index] = zone
            return
        }
        guard zones.count < limits.zones else {
            throw .notAllowed("code", "the plan already holds \(zones.count) zones, the most it keeps")
        }
        zones.append(zone)
    }

    private static func checkCode(_ code: String) throws(RuleViolation) {
        try RuleViolation.required(code, "code")
        guard code.utf8.count <= maximumCodeBytes else {
            throw .invalid("code", "at most \(maximumCodeBytes) bytes")
        }
    }
}
