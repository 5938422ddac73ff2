import Foundation

/// A position on the WGS84 ellipsoid, in decimal degrees (what GPS receivers and operators' site
/// lists give). Distances use the haversine formula on a sphere of the Earth's mean radius:
/// within 0.5 % of the ellipsoidal distance, far below the uncertainty of a coverage radius.
public struct GeoPoint: Sendable, Hashable, CustomStringConvertible {
    public let latitude: Double
    public let longitude: Double

    /// The IUGG mean Earth radius, in metres.
    public static let meanEarthRadius = 6_371_008.8

    /// nil unless -90 ≤ latitude ≤ 90 and -180 ≤ longitude ≤ 180 (and both are numbers).
    public init?(latitude: Double, longitude: Double) {
        guard latitude.isFinite, longitude.isFinite, (-90...90).contains(latitude), (-180...180).contains(longitude)
        else { return nil }
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Great-circle distance in metres (or in the unit of `radius`).
    public func distance(to other: GeoPoint, radius: Double = GeoPoint.meanEarthRadius) -> Double {
        let φ1 = latitude * .pi / 180
        let φ2 = other.latitude * .pi / 180
        let Δφ = φ2 - φ1
        let Δλ = (other.longitude - longitude) * .pi / 180
        let a = sin(Δφ / 2) * sin(Δφ / 2) + cos(φ1) * cos(φ2) * sin(Δλ / 2) * sin(Δλ / 2)
        return 2 * radius * asin(min(1, a.squareRoot()))
    }

    public var description: String {
        String(format: "%.6f,%.6f", latitude, longitude)
    }
}
