import TelecomDomain

/// A page of the cable segments a list asks for, and what the whole of its match counts: the
/// segments and their kilometres, in all and underground.
public struct CableSegmentPage: Sendable, Hashable {
    public var segments: [CableSegment]
    public var total: Int
    public var totalKm: Double
    public var undergroundKm: Double

    public init(segments: [CableSegment], total: Int, totalKm: Double, undergroundKm: Double) {
        self.segments = segments
        self.total = total
        self.totalKm = totalKm
        self.undergroundKm = undergroundKm
    }
}
