/// A village without usable mobile broadband (no 3G, 4G or 5G from any operator): a "lõm sóng",
/// with what the department needs to act on it.
public struct CoverageGap: Sendable, Hashable {
    public var village: Village
    /// The nearest sites on air (any technology), nearest first.
    public var nearestSites: [(code: String, metres: Double)]

    public static func == (lhs: CoverageGap, rhs: CoverageGap) -> Bool {
        lhs.village == rhs.village && lhs.nearestSites.map(\.code) == rhs.nearestSites.map(\.code)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(village) }

    public enum Ranking: String, Sendable, Hashable, CaseIterable {
        case population, households
    }

    /// The villages `effective` leaves without broadband, most people (or households) first.
    public static func find(
        villages: [Village], effective: [CoverageRecord], estimator: CoverageEstimator, ranking: Ranking
    ) -> [CoverageGap] {
        let served = Set(effective.filter { $0.covered && $0.technology.isBroadband }.map(\.villageCode))
        let gaps = villages.filter { !served.contains($0.code) }
        let ranked = gaps.sorted {
            let (a, b) =
                ranking == .population ? ($0.population, $1.population) : ($0.households, $1.households)
            return a != b ? a > b : $0.code < $1.code
        }
        return ranked.map { village in
            CoverageGap(village: village, nearestSites: estimator.nearestSites(to: village, count: 3))
        }
    }
}
