/// A latitude/longitude rectangle (never crossing the antimeridian: Vietnam is far from it).
public struct GeoBoundingBox: Sendable, Hashable {
    public let south: Double
    public let west: Double
    public let north: Double
    public let east: Double

    public init(south: Double, west: Double, north: Double, east: Double) {
        self.south = south
        self.west = west
        self.north = north
        self.east = east
    }

    public func contains(_ point: GeoPoint) -> Bool {
        (south...north).contains(point.latitude) && (west...east).contains(point.longitude)
    }

    /// Vietnam's land and islands with a margin: from Đất Mũi (8.6° N) and the southern Trường Sa
    /// islands (about 7.9° N) to Lũng Cú (23.4° N), and from Apa Chải (102.1° E) to the eastern
    /// Trường Sa islands (about 117.8° E). A position outside is a typing error (swapped or
    /// mistyped coordinates), not a site in Vietnam.
    public static let vietnam = GeoBoundingBox(south: 7.5, west: 102.0, north: 23.5, east: 118.0)
}
