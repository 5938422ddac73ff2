import Geo
import Testing

struct GeoPolygonTests {
    // A rough outline of Bắc Kạn city's centre (four corners), and an L-shaped zone.
    let centre = GeoPolygon([point(22.14, 105.82), point(22.14, 105.85), point(22.16, 105.85), point(22.16, 105.82)])!
    let ell = GeoPolygon([
        point(22.0, 105.0), point(22.0, 105.2), point(22.1, 105.2), point(22.1, 105.1), point(22.2, 105.1),
        point(22.2, 105.0), point(22.0, 105.0),
    ])!

    @Test func pointsInsideAndOutside() {
        #expect(centre.contains(point(22.147, 105.834)))
        #expect(!centre.contains(point(22.17, 105.834)))
        #expect(!centre.contains(point(22.147, 105.86)))
    }

    @Test func edgesAndCornersCountAsInside() {
        #expect(centre.contains(point(22.14, 105.83)))  // on the southern edge
        #expect(centre.contains(point(22.15, 105.85)))  // on the eastern edge
        #expect(centre.contains(point(22.16, 105.82)))  // a corner
        #expect(ell.contains(point(22.15, 105.1)))  // on the inner edge of the L
    }

    @Test func theNotchOfAConcaveZoneIsOutside() {
        #expect(ell.contains(point(22.05, 105.15)))
        #expect(ell.contains(point(22.15, 105.05)))
        #expect(!ell.contains(point(22.15, 105.15)))
        #expect(ell.vertices.count == 6)  // the closing vertex is dropped
    }

    @Test func fewerThanThreeVerticesIsNoPolygon() {
        #expect(GeoPolygon([point(22, 105), point(22.1, 105.1)]) == nil)
        #expect(GeoPolygon([point(22, 105), point(22.1, 105.1), point(22, 105)]) == nil)
    }
}
