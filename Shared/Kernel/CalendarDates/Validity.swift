/// The days a register item is in force: from `from` (nil: since before the register began) until
/// the day before `until` (nil: still in force). `until` is the day it stopped: the day a point
/// closed, a cable was removed, a station was decommissioned.
public struct Validity: Sendable, Hashable {
    public var from: CalendarDate?
    public var until: CalendarDate?

    public init(from: CalendarDate? = nil, until: CalendarDate? = nil) {
        self.from = from
        self.until = until
    }

    /// Always in force: what an item recorded without dates is.
    public static let always = Validity()

    public func contains(_ date: CalendarDate) -> Bool {
        (from.map { $0 <= date } ?? true) && (until.map { date < $0 } ?? true)
    }

    /// Nil when the dates make sense; else why not (the end is not after the start).
    public var problem: String? {
        guard let from, let until, until <= from else { return nil }
        return "\(until) is not after \(from)"
    }
}
