/// Mobile generations a site broadcasts.
public enum Technology: String, Sendable, Hashable, CaseIterable, Comparable {
    case g2 = "2G", g3 = "3G", g4 = "4G", g5 = "5G"

    /// Mobile broadband: a village with neither is a coverage gap (lõm sóng).
    public var isBroadband: Bool { self != .g2 }

    public static func < (lhs: Technology, rhs: Technology) -> Bool { lhs.rawValue < rhs.rawValue }

    /// "4G", "4g" or "g4".
    public init?(text: String) {
        let normalised = text.uppercased()
        guard
            let match = Self.allCases.first(where: {
                $0.rawValue == normalised || "G" + $0.rawValue.prefix(1) == normalised
            })
        else { return nil }
        self = match
    }
}
