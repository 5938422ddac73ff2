import Geo
import Testing

struct SpatialGridTests {
    /// A deterministic scatter over northern Vietnam.
    func scatter(_ count: Int, seed: UInt64) -> [GeoPoint] {
        var state = seed
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        return (0..<count).map { _ in point(21.5 + next(), 105.3 + next()) }
    }

    @Test func withinFindsExactlyWhatAllPairsFinds() {
        let sites = scatter(3_000, seed: 1)
        let grid = SpatialGrid(sites.enumerated().map { ($1, $0) }, cellDegrees: 0.03)
        for center in scatter(200, seed: 2) {
            for radius in [500.0, 3_000, 8_000] {
                var found: [Int] = []
                grid.forEach(within: radius, of: center) { entry, _ in found.append(entry.element) }
                let expected = sites.indices.filter { sites[$0].distance(to: center) <= radius }
                #expect(found.sorted() == expected)
            }
        }
    }

    @Test func nearestIsTheClosestAcceptedEntry() throws {
        let sites = scatter(2_000, seed: 3)
        let grid = SpatialGrid(sites.enumerated().map { ($1, $0) })
        for center in scatter(100, seed: 4) {
            let even = try #require(grid.nearest(to: center, within: 200_000) { $0 % 2 == 0 })
            let best = sites.indices.filter { $0 % 2 == 0 }.min {
                sites[$0].distance(to: center) < sites[$1].distance(to: center)
            }
            #expect(even.entry.element == best)
        }
        #expect(grid.nearest(to: point(10, 106), within: 5_000) == nil)
    }
}
