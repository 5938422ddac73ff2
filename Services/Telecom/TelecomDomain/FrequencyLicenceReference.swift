import AdminUnits
import CalendarDates

/// A radio-frequency licence issued centrally (the Authority of Radio Frequency Management): the
/// department keeps the reference to remind holders to renew.
public struct FrequencyLicenceReference: Sendable, Hashable {
    public var number: String
    public var holder: String
    public var frequencyMHz: Double
    public var station: String
    public var validUntil: CalendarDate

    public init(number: String, holder: String, frequencyMHz: Double, station: String, validUntil: CalendarDate) {
        self.number = number
        self.holder = holder
        self.frequencyMHz = frequencyMHz
        self.station = station
        self.validUntil = validUntil
    }

    public func validate() throws(TelecomError) {
        try TelecomError.required(number, "number")
        try TelecomError.required(holder, "holder")
        guard frequencyMHz.isFinite, frequencyMHz > 0, frequencyMHz < 300_000 else {
            throw .invalid("frequency_mhz", "a radio frequency in MHz, more than 0 and below 300 GHz")
        }
    }

    /// Due for a renewal reminder: expiring within `days` of `today` (or already expired).
    public func needsReminder(today: CalendarDate, within days: Int) -> Bool {
        guard let horizon = Self.reminderHorizon(today: today, within: days) else { return true }
        return validUntil <= horizon
    }

    /// The last day a reference must expire by to be due for a reminder; nil when `days` reach
    /// past the calendar, so that every reference is due.
    public static func reminderHorizon(today: CalendarDate, within days: Int) -> CalendarDate? {
        today.adding(days: days)
    }
}
