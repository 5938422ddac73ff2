import Geo

/// The provincial telecom infrastructure plan: planned sites (a point and the tolerance around
/// it) and zones (polygons), each saying which mast classes it allows.
public struct InfrastructurePlan: Sendable, Hashable {
    public struct PlannedSite: Sendable, Hashable {
        public var code: String
        public var position: GeoPoint
        /// How far from the planned point a site still counts as at it.
        public var radiusMetres: Double
        /// Empty: any class.
        public var allowedMastClasses: Set<BTSSite.MastClass>

        public init(
            code: String, position: GeoPoint, radiusMetres: Double, allowedMastClasses: Set<BTSSite.MastClass> = []
        ) {
            self.code = code
            self.position = position
            self.radiusMetres = radiusMetres
            self.allowedMastClasses = allowedMastClasses
        }
    }

    public struct Zone: Sendable, Hashable {
        public var code: String
        public var area: GeoPolygon
        public var allowedMastClasses: Set<BTSSite.MastClass>

        public init(code: String, area: GeoPolygon, allowedMastClasses: Set<BTSSite.MastClass> = []) {
            self.code = code
            self.area = area
            self.allowedMastClasses = allowedMastClasses
        }
    }

    public var sites: [PlannedSite]
    public var zones: [Zone]

    public init(sites: [PlannedSite] = [], zones: [Zone] = []) {
        self.sites = sites
        self.zones = zones
    }

    /// The plan's answer for a proposed site (the rule, one sentence each):
    /// - at a planned site (within its radius) or in a zone, with a mast class allowed there: conforming;
    /// - at a planned place, but with a mast class not allowed there: needs conversion (the mast
    ///   must change, the place is right);
    /// - anywhere else: non-conforming.
    /// The nearest planned site and its distance are given in every case.
    public func check(_ site: BTSSite) -> PlanCheck.Finding {
        let nearest = sites.map { ($0, $0.position.distance(to: site.position)) }.min { $0.1 < $1.1 }
        var places: [(code: String, allowed: Set<BTSSite.MastClass>)] = []
        for planned in sites where planned.position.distance(to: site.position) <= planned.radiusMetres {
            places.append((planned.code, planned.allowedMastClasses))
        }
        for zone in zones where zone.area.boundingBox.contains(site.position) && zone.area.contains(site.position) {
            places.append((zone.code, zone.allowedMastClasses))
        }
        let outcome: PlanCheck.Outcome
        let place: String
        if let fitting = places.first(where: { $0.allowed.isEmpty || $0.allowed.contains(site.mastClass) }) {
            outcome = .conforming
            place = fitting.code
        } else if let first = places.first {
            outcome = .needsConversion
            place = first.code
        } else {
            outcome = .nonConforming
            place = ""
        }
        return PlanCheck.Finding(
            outcome: outcome, matchedPlanCode: place, nearestPlannedSite: nearest?.0.code ?? "",
            nearestDistanceMetres: nearest?.1)
    }
}
