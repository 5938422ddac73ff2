import CommonAPI

/// A civil date (no time zone): what validity periods, deadlines and report dates are.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil when the parts are not a real date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= Self.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// 1970-01-01 (day number 0), a date no check can refuse.
    static let epoch = CalendarDate(valid: 1970, 1, 1)

    private init(valid year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`: ASCII digits only (no sign), read byte by byte (every stored date is
    /// read this way, and splitting the text into parts was 1.5% of a read by key).
    public init?(iso text: String) {
        var text = text
        guard
            let (year, month, day) = text.withUTF8({ bytes -> (Int, Int, Int)? in
                guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
                    return nil
                }
                func number(_ range: Range<Int>) -> Int? {
                    var value = 0
                    for index in range {
                        let digit = bytes[index] &- UInt8(ascii: "0")
                        guard digit < 10 else { return nil }
                        value = value * 10 + Int(digit)
                    }
                    return value
                }
                guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
                    return nil
                }
                return (year, month, day)
            })
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public init?(_ date: Date) {
        self.init(year: Int(date.year), month: Int(date.month), day: Int(date.day))
    }

    public var proto: Date { Date(year: Int32(year), month: Int32(month), day: Int32(day)) }

    /// `YYYY-MM-DD`, written digit by digit (every date a write stores is written this way).
    public var description: String {
        // Every CalendarDate's year is 1...9999 (the initializers check), so four digits hold it.
        String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, at start: Int, digits: Int) {
                var rest = value
                for index in (start..<start + digits).reversed() {
                    buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, at: 0, digits: 4)
            buffer[4] = UInt8(ascii: "-")
            put(month, at: 5, digits: 2)
            buffer[7] = UInt8(ascii: "-")
            put(day, at: 8, digits: 2)
            return 10
        }
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
