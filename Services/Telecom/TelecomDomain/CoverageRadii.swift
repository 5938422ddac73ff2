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

extension CoverageRadii {
    /// Radii from a setting such as `4G:urban=1200,rural=3500;5G:urban=400` (metres), each
    /// entry replacing the one in `base`.
    public init(parsing text: String, over base: CoverageRadii = .defaults) throws(TelecomError) {
        var metres = base.metres
        for part in text.split(separator: ";") where !part.allSatisfy(\.isWhitespace) {
            let pieces = part.split(separator: ":", maxSplits: 1)
            guard pieces.count == 2, let technology = Technology(text: pieces[0].trimmingCharacters(in: .whitespaces))
            else { throw .invalid("coverage radii", "'\(part)' is not TECHNOLOGY:terrain=metres,...") }
            for entry in pieces[1].split(separator: ",") {
                let pair = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, let terrain = Village.Terrain(rawValue: pair[0]), let value = Double(pair[1]),
                    value > 0, value <= 50_000
                else {
                    throw .invalid(
                        "coverage radii", "'\(entry)' is not terrain=metres (urban, rural or mountainous; up to 50,000)"
                    )
                }
                metres[technology, default: [:]][terrain] = value
            }
        }
        self.init(metres: metres)
    }
}
