import AdminUnits
import CalendarDates
import Geo

/// Coverage estimated from the sites on air: a village is covered by an operator's technology
/// when one of that operator's sites broadcasting it lies within the radius for the village's
/// terrain. Sites go into a ``SpatialGrid`` once; each village then looks at a few cells.
public struct CoverageEstimator: Sendable {
    /// One (operator, technology) a village gets, and from how far.
    public struct Covered: Sendable, Hashable {
        public var operatorCode: String
        public var technology: Technology
        public var siteCode: String
        public var distanceMetres: Double
    }

    /// What a site contributes: its operator and technologies on the day estimated.
    struct Transmitter: Sendable {
        let code: String
        let operatorCode: String
        let technologies: [Technology]
    }

    let radii: CoverageRadii
    let grid: SpatialGrid<Transmitter>
    /// The same transmitters in a plain list, for the all-pairs reference.
    let transmitters: [(GeoPoint, Transmitter)]

    public init(sites: [BTSSite], on date: CalendarDate, radii: CoverageRadii = .defaults) {
        self.radii = radii
        var grid = SpatialGrid<Transmitter>(cellDegrees: max(0.01, radii.largest / 111_195))
        var transmitters: [(GeoPoint, Transmitter)] = []
        for site in sites {
            let technologies = site.broadcasts(on: date)
            guard !technologies.isEmpty else { continue }
            let transmitter = Transmitter(code: site.code, operatorCode: site.operatorCode, technologies: technologies)
            grid.insert(transmitter, at: site.position)
            transmitters.append((site.position, transmitter))
        }
        self.grid = grid
        self.transmitters = transmitters
    }

    /// For each (operator, technology), the nearest site covering `village`.
    public func coverage(of village: Village) -> [Covered] {
        var best: [String: Covered] = [:]
        let reach = Technology.allCases.map { radii.radius($0, village.terrain) }.max() ?? 0
        grid.forEach(within: reach, of: village.position) { entry, distance in
            for technology in entry.element.technologies where distance <= radii.radius(technology, village.terrain) {
                let key = entry.element.operatorCode + "|" + technology.rawValue
                if best[key].map({ distance < $0.distanceMetres }) ?? true {
                    best[key] = Covered(
                        operatorCode: entry.element.operatorCode, technology: technology, siteCode: entry.element.code,
                        distanceMetres: distance)
                }
            }
        }
        return best.values.sorted { ($0.operatorCode, $0.technology) < ($1.operatorCode, $1.technology) }
    }

    /// The nearest sites on air (any technology) within `limit`, for a gap's report.
    public func nearestSites(
        to village: Village, count: Int, within limit: Double = 30_000
    ) -> [(
        code: String, metres: Double
    )] {
        var found: [(code: String, metres: Double)] = []
        grid.forEach(within: limit, of: village.position) { entry, distance in
            found.append((entry.element.code, distance))
        }
        return Array(found.sorted { ($0.metres, $0.code) < ($1.metres, $1.code) }.prefix(count))
    }

    /// Estimated records for `villages` on `date`: one per (village, operator, technology) covered.
    public func estimate(_ villages: [Village], on date: CalendarDate) -> [CoverageRecord] {
        villages.flatMap { village in
            coverage(of: village).map {
                CoverageRecord(
                    villageCode: village.code, operatorCode: $0.operatorCode, technology: $0.technology, covered: true,
                    source: .estimated, asOf: date, siteCode: $0.siteCode, distanceMetres: $0.distanceMetres)
            }
        }
    }

    /// The same answer by comparing the village with every transmitter: the reference the grid is
    /// checked against (tests and the benchmark), far too slow for a country.
    public func allPairs(_ village: Village) -> [Covered] {
        var best: [String: Covered] = [:]
        for (position, transmitter) in transmitters {
            let distance = village.position.distance(to: position)
            for technology in transmitter.technologies where distance <= radii.radius(technology, village.terrain) {
                let key = transmitter.operatorCode + "|" + technology.rawValue
                if best[key].map({ distance < $0.distanceMetres }) ?? true {
                    best[key] = Covered(
                        operatorCode: transmitter.operatorCode, technology: technology, siteCode: transmitter.code,
                        distanceMetres: distance)
                }
            }
        }
        return best.values.sorted { ($0.operatorCode, $0.technology) < ($1.operatorCode, $1.technology) }
    }
}
