import Foundation

/// Points bucketed in a grid of equal-degree cells, so that "what is within r metres of here"
/// looks at a few cells instead of every point: what makes coverage estimation for a whole
/// country (120,000 sites, 100,000 villages) take a fraction of a second.
public struct SpatialGrid<Element: Sendable>: Sendable {
    public struct Entry: Sendable {
        public let point: GeoPoint
        public let element: Element
    }

    /// Cell size in degrees.
    public let cellDegrees: Double
    private var cells: [Int64: [Entry]] = [:]
    public private(set) var count = 0

    /// - Parameter cellDegrees: about the largest search radius (0.05° is about 5.5 km).
    public init(cellDegrees: Double = 0.05) {
        self.cellDegrees = cellDegrees
    }

    public init(_ entries: some Sequence<(GeoPoint, Element)>, cellDegrees: Double = 0.05) {
        self.init(cellDegrees: cellDegrees)
        for (point, element) in entries { insert(element, at: point) }
    }

    public mutating func insert(_ element: Element, at point: GeoPoint) {
        cells[key(row(point.latitude), column(point.longitude)), default: []].append(
            Entry(point: point, element: element))
        count += 1
    }

    /// Calls `body` for every entry within `radius` metres of `center`, with its distance.
    public func forEach(
        within radius: Double, of center: GeoPoint, _ body: (Entry, Double) throws -> Void
    ) rethrows {
        // Degrees of latitude are ~111.2 km everywhere; of longitude, that times cos(latitude).
        let latitudeSpan = radius / 111_195
        let longitudeSpan = radius / (111_195 * max(0.01, cos(center.latitude * .pi / 180)))
        let rows = row(center.latitude - latitudeSpan)...row(center.latitude + latitudeSpan)
        let columns = column(center.longitude - longitudeSpan)...column(center.longitude + longitudeSpan)
        for r in rows {
            for c in columns {
                guard let bucket = cells[key(r, c)] else { continue }
                for entry in bucket {
                    // Cheap rejection before the trigonometry.
                    guard abs(entry.point.latitude - center.latitude) <= latitudeSpan,
                        abs(entry.point.longitude - center.longitude) <= longitudeSpan
                    else { continue }
                    let distance = center.distance(to: entry.point)
                    if distance <= radius { try body(entry, distance) }
                }
            }
        }
    }

    /// The nearest entry within `limit` metres that `accept` takes, searched in growing rings.
    public func nearest(
        to center: GeoPoint, within limit: Double, where accept: (Element) -> Bool = { _ in true }
    ) -> (entry: Entry, distance: Double)? {
        var radius = min(limit, max(1_000, cellDegrees * 111_195))
        while true {
            var best: (Entry, Double)?
            forEach(within: radius, of: center) { entry, distance in
                if accept(entry.element), best.map({ distance < $0.1 }) ?? true { best = (entry, distance) }
            }
            if let best { return best }
            if radius >= limit { return nil }
            radius = min(limit, radius * 2)
        }
    }

    private func row(_ latitude: Double) -> Int64 { Int64((latitude / cellDegrees).rounded(.down)) }
    private func column(_ longitude: Double) -> Int64 { Int64((longitude / cellDegrees).rounded(.down)) }
    private func key(_ row: Int64, _ column: Int64) -> Int64 { row &* 100_000 &+ column }
}
