/// A simple polygon of latitude/longitude vertices (a planning zone, a town centre), treated as
/// planar in degrees: exact enough at the scale of a province, far from the poles and the
/// antimeridian.
public struct GeoPolygon: Sendable, Hashable {
    public let vertices: [GeoPoint]

    /// nil for fewer than three vertices. A closing vertex equal to the first is dropped.
    public init?(_ vertices: [GeoPoint]) {
        var ring = vertices
        if ring.count > 1, ring.first == ring.last { ring.removeLast() }
        guard ring.count >= 3 else { return nil }
        self.vertices = ring
    }

    /// Whether `point` lies inside or on the boundary (a site on a zone's edge is in the zone).
    public func contains(_ point: GeoPoint) -> Bool {
        let x = point.longitude
        let y = point.latitude
        var inside = false
        var j = vertices.count - 1
        for i in vertices.indices {
            let (xi, yi) = (vertices[i].longitude, vertices[i].latitude)
            let (xj, yj) = (vertices[j].longitude, vertices[j].latitude)
            if Self.onSegment(x, y, xi, yi, xj, yj) { return true }
            // Ray casting: count edges crossed by a ray going east from the point.
            if (yi > y) != (yj > y) {
                let crossing = xi + (y - yi) * (xj - xi) / (yj - yi)
                if x < crossing { inside.toggle() }
            }
            j = i
        }
        return inside
    }

    /// The smallest box around the polygon, to skip the exact test for far points.
    public var boundingBox: GeoBoundingBox {
        let latitudes = vertices.map(\.latitude)
        let longitudes = vertices.map(\.longitude)
        return GeoBoundingBox(
            south: latitudes.min() ?? 0, west: longitudes.min() ?? 0, north: latitudes.max() ?? 0,
            east: longitudes.max() ?? 0)
    }

    private static func onSegment(
        _ x: Double, _ y: Double, _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double
    ) -> Bool {
        let cross = (x - x1) * (y2 - y1) - (y - y1) * (x2 - x1)
        // About a millimetre at these scales: a point typed on the edge counts as on it.
        guard abs(cross) <= 1e-12 else { return false }
        return min(x1, x2) - 1e-12 <= x && x <= max(x1, x2) + 1e-12 && min(y1, y2) - 1e-12 <= y
            && y <= max(y1, y2) + 1e-12
    }
}
