import Geo
import Testing

func point(_ latitude: Double, _ longitude: Double) -> GeoPoint {
    guard let point = GeoPoint(latitude: latitude, longitude: longitude) else { fatalError("bad test point") }
    return point
}

struct GeoPointTests {
    @Test func haversineMatchesThePublishedNashvilleToLosAngelesFigure() {
        // The classic worked example (Rosetta Code): 2,887.2599506 km on a sphere of 6,372.8 km.
        let nashville = point(36.12, -86.67)
        let losAngeles = point(33.94, -118.40)
        #expect(abs(nashville.distance(to: losAngeles, radius: 6_372.8) - 2_887.2599506) < 1e-6)
        #expect(abs(losAngeles.distance(to: nashville, radius: 6_372.8) - 2_887.2599506) < 1e-6)
    }

    @Test func aDegreeOfLatitudeIsAbout111Kilometres() {
        #expect(abs(point(22, 105.8).distance(to: point(23, 105.8)) - GeoPoint.meanEarthRadius * .pi / 180) < 0.001)
        #expect(abs(GeoPoint.meanEarthRadius * .pi / 180 - 111_195.08) < 0.01)
        #expect(point(22.147, 105.834).distance(to: point(22.147, 105.834)) == 0)
    }

    @Test func bacKanToHanoiIsAbout124Kilometres() {
        // Bắc Kạn city centre to Hoàn Kiếm: 1.1185° of latitude and 0.0202° of longitude.
        let distance = point(22.147, 105.834).distance(to: point(21.0285, 105.8542))
        #expect(abs(distance - 124_390) < 200, "\(distance)")
    }

    @Test func impossibleCoordinatesAreRefused() {
        #expect(GeoPoint(latitude: 91, longitude: 0) == nil)
        #expect(GeoPoint(latitude: 0, longitude: -180.5) == nil)
        #expect(GeoPoint(latitude: .nan, longitude: 0) == nil)
    }

    @Test func vietnamsBoundsTakeTheProvinceAndRefuseSwappedCoordinates() {
        #expect(GeoBoundingBox.vietnam.contains(point(22.147, 105.834)))  // Bắc Kạn
        #expect(GeoBoundingBox.vietnam.contains(point(8.6, 104.7)))  // Cà Mau cape
        #expect(!GeoBoundingBox.vietnam.contains(point(105.834 - 90, 22.147)))
        #expect(!GeoBoundingBox.vietnam.contains(point(1.35, 103.82)))  // Singapore
    }
}
