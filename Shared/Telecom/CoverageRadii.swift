/// How far a site's signal is usable, by technology and terrain: the estimate's one assumption,
/// configuration because it varies with bands, antennas and hills. The defaults are typical
/// planning figures (not measurements): operators' declarations, where given, override estimates.
public struct CoverageRadii: Sendable, Hashable {
    public var metres: [Technology: [Village.Terrain: Double]]

    public init(metres: [Technology: [Village.Terrain: Double]]) {
        self.metres = metres
    }

    public static let defaults = CoverageRadii(metres: [
        .g2: [.urban: 2_000, .rural: 6_000, .mountainous: 4_000],
        .g3: [.urban: 1_500, .rural: 4_000, .mountainous: 2_500],
        .g4: [.urban: 1_200, .rural: 3_500, .mountainous: 2_000],
        .g5: [.urban: 400, .rural: 1_000, .mountainous: 600],
    ])

    public func radius(_ technology: Technology, _ terrain: Village.Terrain) -> Double {
        metres[technology]?[terrain] ?? 0
    }

    /// The largest radius: how far the estimator must look.
    public var largest: Double { metres.values.flatMap(\.values).max() ?? 0 }
}
