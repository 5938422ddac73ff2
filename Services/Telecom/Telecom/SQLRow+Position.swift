import Geo
import SQLKit

extension SQLRow {
    /// The point a row keeps in its `latitude` and `longitude` columns; nil when the two are not
    /// a point on the globe (a row edited outside the service).
    func position() throws -> GeoPoint? {
        GeoPoint(
            latitude: try decode(column: "latitude", as: Double.self),
            longitude: try decode(column: "longitude", as: Double.self))
    }
}
